#include "app/demo_data.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <numeric>
#include <ostream>
#include <span>

#include "core/email.hpp"
#include "core/error.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"

namespace abonado::app {
namespace {

// ---------------------------------------------------------------------------
// Names, most common first. Surname ranks follow the countries' registries
// roughly (Quispe and Mamani lead in Peru and Bolivia, Zambrano in Manabí);
// the rare ones are real but uncommon, so that a search for one finds few.

constexpr const char* kPeSurnames[] = {
    "Quispe",    "Flores",    "Sánchez",  "Rodríguez", "García",      "Rojas",      "Gonzales",
    "Chávez",    "Torres",    "Díaz",     "Vásquez",   "Mamani",      "Ramírez",    "Mendoza",
    "Huamán",    "Ramos",     "Castillo", "Espinoza",  "López",       "Ruiz",       "Pérez",
    "Condori",   "Vargas",    "Cruz",     "Gutiérrez", "Romero",      "Hernández",  "Fernández",
    "Castro",    "Salazar",   "Silva",    "Morales",   "Ríos",        "Martínez",   "Jiménez",
    "Reyes",     "Aguilar",   "Cárdenas", "Álvarez",   "Medina",      "Gómez",      "Paredes",
    "Herrera",   "Córdova",   "Vega",     "Campos",    "Guerrero",    "Soto",       "Valdivia",
    "Palomino",  "Huanca",    "Ticona",   "Apaza",     "Coaquira",    "Choque",     "Cahuana",
    "Yupanqui",  "Inga",      "Huaranga", "Chambi",    "Pari",        "Calla",      "Villanueva",
    "Zapata",    "Alarcón",   "Delgado",  "Acosta",    "Núñez",       "Guzmán",     "Navarro",
    "Cabrera",   "Tapia",     "Arias",    "Benites",   "León",        "Lozano",     "Carrasco",
    "Ortiz",     "Marín",     "Bravo",    "Peña",      "Sosa",        "Luna",       "Valverde",
    "Ávila",     "Montes",    "Huarcaya", "Sulca",     "Ayala",       "Cáceres",    "Caballero",
    "Santos",    "Alvarado",  "Cueva",    "Miranda",   "Meza",        "Bustamante", "Villegas",
    "Salas",     "Zevallos",  "Rivera",   "Trujillo",  "Quiroz",      "Saavedra",   "Robles",
    "Arévalo",   "Carrillo",  "Vilca",    "Pacheco",   "Malpartida",  "Cornejo",    "Oré",
    "Pizarro",   "Bautista",  "Rivas",    "Palacios",  "Estrada",     "Orellana",   "Cuadros",
    "Ventura",   "Lázaro",    "Hidalgo",  "Suárez",    "Chumpitaz",   "Yauri",      "Taipe",
    "Llanos",    "Pinedo",    "Panduro",  "Arce",      "Villar",      "Solís",      "Manrique",
    "Olivera",   "Sandoval",  "Escobar",  "Farfán",    "Gallegos",    "Rengifo",    "Tello",
    "Barrios",   "Ponce",     "Aguirre",  "Ccahuana",  "Machaca",     "Gamarra",    "Lima",
    "Velásquez", "Cisneros",  "Loayza",   "Ugarte",    "Chuquimango", "Tuesta",     "Puma",
    "Anco",      "Huayta",    "Cutipa",   "Mallma",    "Ataucusi",    "Ochoa",      "Osorio",
    "Prado",     "Rosales",   "Segura",   "Zúñiga",    "Valencia",    "Bernal",     "Ñaupari",
    "Calderón",  "Fuentes",   "Sotelo",   "Gálvez",    "Contreras",   "Moreno",     "Acuña",
    "Paucar",    "Saldaña",   "Guevara",  "Chauca",    "Tineo",       "Lévano",     "Cerna",
    "Aranda",    "Poma",      "Yarlequé", "Chiroque",  "Sernaqué",    "Zavaleta",   "Huertas",
    "Cachay",    "Mozombite", "Shapiama", "Tananta",   "Pezo",        "Sifuentes",  "Asto",
    "Laura",     "Yucra",     "Champi",   "Huayhua"};
constexpr const char* kPeRare[] = {"Ñahui",     "Huillca",     "Pumacahua", "Atahualpa",
                                   "Tupayachi", "Huamanchumo", "Chuctaya",  "Ttito"};
constexpr const char* kPeFemale[] = {
    "Rosa",     "María",     "Carmen",    "Juana",     "Ana",       "Luz",       "Elizabeth",
    "Julia",    "Gladys",    "Flor",      "Yolanda",   "Lucía",     "Marisol",   "Silvia",
    "Patricia", "Martha",    "Teresa",    "Norma",     "Elena",     "Milagros",  "Sonia",
    "Ruth",     "Carla",     "Gabriela",  "Andrea",    "Karina",    "Jessica",   "Vanessa",
    "Lourdes",  "Noemí",     "Mercedes",  "Irma",      "Sara",      "Esther",    "Nancy",
    "Betty",    "Delia",     "Isabel",    "Margarita", "Victoria",  "Lidia",     "Beatriz",
    "Alicia",   "Susana",    "Olga",      "Hilda",     "Maribel",   "Giovanna",  "Diana",
    "Roxana",   "Fiorella",  "Katherine", "Mariela",   "Liliana",   "Verónica",  "Claudia",
    "Mónica",   "Paola",     "Sofía",     "Valeria",   "Camila",    "Valentina", "Ximena",
    "Daniela",  "Alejandra", "Natalia",   "Luciana",   "Fernanda",  "Ángela",    "Jimena",
    "Nelly",    "Pilar",     "Raquel",    "Cecilia",   "Edith",     "Zoila",     "Aurora",
    "Celia",    "Dina",      "Eva",       "Inés",      "Felicitas", "Justina",   "Gregoria",
    "Epifania", "Nilda",     "Yesenia",   "Sandra",    "Erika",     "Evelyn",    "Wendy",
    "Rocío",    "Rosario",   "Rosalía",   "Yanet",     "Maritza",   "Janet",     "Estefany",
    "Kiara",    "Nayeli",    "Mayra"};
constexpr const char* kPeMale[] = {
    "José",      "Juan",      "Luis",     "Carlos",  "Jorge",    "Miguel",   "César",
    "Víctor",    "Pedro",     "Julio",    "Manuel",  "Jesús",    "Alberto",  "Javier",
    "Walter",    "Wilber",    "Edwin",    "Raúl",    "Fernando", "Santiago", "Ángel",
    "Hugo",      "Ricardo",   "Roberto",  "Eduardo", "Mario",    "Óscar",    "Héctor",
    "Francisco", "Alejandro", "Daniel",   "David",   "Jhon",     "Jhonatan", "Diego",
    "Renzo",     "Marco",     "Sergio",   "Segundo", "Teodoro",  "Félix",    "Alfredo",
    "Armando",   "Wilfredo",  "Freddy",   "Elmer",   "Nilton",   "Percy",    "Franklin",
    "Henry",     "Richard",   "Wilmer",   "Edgar",   "Rubén",    "Andrés",   "Gustavo",
    "Enrique",   "Ernesto",   "Gregorio", "Hernán",  "Ismael",   "Isaac",    "Jaime",
    "Leonardo",  "Lucas",     "Marcos",   "Martín",  "Máximo",   "Moisés",   "Nicolás",
    "Pablo",     "Paulo",     "Rafael",   "Ramón",   "Rodrigo",  "Rolando",  "Samuel",
    "Saúl",      "Sebastián", "Teófilo",  "Tomás",   "Valentín", "Vicente",  "Yuri",
    "Abel",      "Adrián",    "Agustín",  "Alex",    "Alonso",   "Anthony",  "Bruno",
    "Christian", "Cristhian", "Dante",    "Darwin",  "Edison",   "Elías",    "Emerson",
    "Erick",     "Esteban"};

constexpr const char* kBoSurnames[] = {
    "Mamani",   "Quispe",    "Choque",     "Condori",   "Flores",   "Gutiérrez", "Vargas",
    "Rojas",    "López",     "Fernández",  "Rodríguez", "García",   "Torrez",    "Gonzales",
    "Huanca",   "Ticona",    "Copa",       "Limachi",   "Apaza",    "Laura",     "Colque",
    "Chambi",   "Poma",      "Cruz",       "Nina",      "Alanoca",  "Calle",     "Aguilar",
    "Ramos",    "Vásquez",   "Ortiz",      "Álvarez",   "Mendoza",  "Pérez",     "Sánchez",
    "Morales",  "Soliz",     "Villarroel", "Montaño",   "Arce",     "Claros",    "Rocha",
    "Zurita",   "Antezana",  "Siles",      "Quiroga",   "Salazar",  "Terrazas",  "Camacho",
    "Vaca",     "Suárez",    "Justiniano", "Paz",       "Céspedes", "Herbas",    "Vallejos",
    "Guzmán",   "Medrano",   "Orellana",   "Rivera",    "Cardozo",  "Miranda",   "Peredo",
    "Saavedra", "Vera",      "Camargo",    "Zeballos",  "Mercado",  "Coca",      "Choquehuanca",
    "Huarachi", "Callisaya", "Chura",      "Yujra",     "Cusi",     "Tarqui",    "Challapa",
    "Mollo",    "Sirpa",     "Velasco"};
constexpr const char* kBoRare[] = {"Chuquimia", "Quenta",  "Huaycho",
                                   "Achacollo", "Chipana", "Ayma"};
constexpr const char* kBoFemale[] = {
    "María",    "Rosa",     "Juana",     "Lidia",    "Julia",   "Carmen",  "Ana",      "Sonia",
    "Martha",   "Elena",    "Silvia",    "Patricia", "Ruth",    "Norma",   "Betty",    "Gladys",
    "Maribel",  "Lourdes",  "Verónica",  "Roxana",   "Claudia", "Mónica",  "Paola",    "Carla",
    "Daniela",  "Gabriela", "Andrea",    "Fernanda", "Valeria", "Camila",  "Nicole",   "Jimena",
    "Lucía",    "Victoria", "Cinthia",   "Wendy",    "Ximena",  "Beatriz", "Teresa",   "Nelly",
    "Eva",      "Virginia", "Francisca", "Felipa",   "Justina", "Sabina",  "Epifania", "Benita",
    "Cristina", "Leticia"};
constexpr const char* kBoMale[] = {
    "Juan",     "José",     "Luis",   "Carlos",   "Jorge",   "Mario",   "Marco",     "Víctor",
    "Freddy",   "Edwin",    "Rubén",  "René",     "Ronald",  "Hugo",    "Pedro",     "Julio",
    "Fernando", "Miguel",   "Ramiro", "Wilfredo", "Grover",  "Rolando", "Raúl",      "Alberto",
    "Roberto",  "Javier",   "Franz",  "Gonzalo",  "Gustavo", "Hernán",  "Óscar",     "Rodrigo",
    "Álvaro",   "Mauricio", "Diego",  "Sergio",   "Daniel",  "David",   "Alejandro", "Andrés",
    "Eduardo",  "Ricardo",  "Germán", "Teodoro",  "Félix",   "Ángel",   "Limbert",   "Wilson",
    "Nelson",   "Reynaldo"};

constexpr const char* kEcSurnames[] = {
    "Zambrano",      "Mendoza",  "Vera",      "Cedeño",     "Chávez",    "Intriago", "García",
    "Rodríguez",     "López",    "Sánchez",   "Macías",     "Moreira",   "Loor",     "Castro",
    "Guerrero",      "Torres",   "Morales",   "Pérez",      "Vargas",    "Romero",   "Delgado",
    "Ortiz",         "Álvarez",  "Jiménez",   "Espinoza",   "Ramírez",   "Herrera",  "Reyes",
    "Palacios",      "Andrade",  "Suárez",    "Salazar",    "Muñoz",     "Cevallos", "Ponce",
    "Bravo",         "Villacís", "Carrillo",  "Calderón",   "Gómez",     "Alcívar",  "Mero",
    "Pazmiño",       "Quiñónez", "Toala",     "Solórzano",  "Ruiz",      "Cabrera",  "Yánez",
    "Chiriboga",     "Guamán",   "Caiza",     "Tipán",      "Toapanta",  "Quishpe",  "Chicaiza",
    "Pilco",         "Paucar",   "Lema",      "Guanoluisa", "Cuenca",    "Montalvo", "Benítez",
    "Velasco",       "Vinueza",  "Erazo",     "Salinas",    "Mora",      "Valencia", "Arias",
    "Proaño",        "Naranjo",  "Jaramillo", "Ordóñez",    "Sarmiento", "Córdova",  "Burbano",
    "Villavicencio", "Cornejo",  "Peñafiel"};
constexpr const char* kEcRare[] = {"Quilumba", "Anchundia", "Ganchozo", "Yumiseba", "Chancusig"};
constexpr const char* kEcFemale[] = {
    "María",     "Ana",      "Gabriela", "Andrea",   "Verónica",  "Diana",     "Carmen",
    "Rosa",      "Mercedes", "Jessica",  "Karla",    "Johanna",   "Paola",     "Daniela",
    "Katherine", "Mayra",    "Silvia",   "Patricia", "Lorena",    "Fernanda",  "Valeria",
    "Camila",    "Doménica", "Nathaly",  "Tatiana",  "Cristina",  "Elizabeth", "Jenny",
    "Lucía",     "Mónica",   "Gloria",   "Martha",   "Blanca",    "Narcisa",   "Piedad",
    "Fanny",     "Maritza",  "Glenda",   "Ximena",   "Isabel",    "Estefanía", "Sofía",
    "Valentina", "Emilia",   "Luz",      "Teresa",   "Magdalena", "Alexandra", "Janeth",
    "Soledad"};
constexpr const char* kEcMale[] = {
    "José",      "Luis",      "Carlos",     "Juan",    "Jorge",    "Diego",    "Andrés",
    "Fernando",  "Marco",     "Édison",     "Wilson",  "Byron",    "Franklin", "Fausto",
    "Patricio",  "Galo",      "Washington", "Klever",  "Xavier",   "Santiago", "Daniel",
    "David",     "Pablo",     "Miguel",     "Ángel",   "Víctor",   "Ramón",    "Jaime",
    "Manuel",    "Mauricio",  "Christian",  "Bryan",   "Kevin",    "Jonathan", "Mateo",
    "Sebastián", "Alejandro", "Ricardo",    "Roberto", "Hugo",     "Segundo",  "Jefferson",
    "Darwin",    "Holger",    "Stalin",     "Lenin",   "Geovanny", "Iván",     "Raúl",
    "Gustavo"};

// Russian surnames in their masculine form; russian_surname() makes the feminine.
constexpr const char* kRuSurnames[] = {
    "Иванов",      "Смирнов",   "Кузнецов",   "Попов",      "Васильев",   "Петров",    "Соколов",
    "Михайлов",    "Новиков",   "Фёдоров",    "Морозов",    "Волков",     "Алексеев",  "Лебедев",
    "Семёнов",     "Егоров",    "Павлов",     "Козлов",     "Степанов",   "Николаев",  "Орлов",
    "Андреев",     "Макаров",   "Никитин",    "Захаров",    "Зайцев",     "Соловьёв",  "Борисов",
    "Яковлев",     "Григорьев", "Романов",    "Воробьёв",   "Сергеев",    "Кузьмин",   "Фролов",
    "Александров", "Дмитриев",  "Королёв",    "Гусев",      "Киселёв",    "Ильин",     "Максимов",
    "Поляков",     "Сорокин",   "Виноградов", "Ковалёв",    "Белов",      "Медведев",  "Антонов",
    "Тарасов",     "Жуков",     "Баранов",    "Филиппов",   "Комаров",    "Давыдов",   "Беляев",
    "Герасимов",   "Богданов",  "Осипов",     "Сидоров",    "Матвеев",    "Титов",     "Марков",
    "Миронов",     "Крылов",    "Куликов",    "Карпов",     "Власов",     "Мельников", "Денисов",
    "Гаврилов",    "Тихонов",   "Казаков",    "Афанасьев",  "Данилов",    "Савельев",  "Тимофеев",
    "Фомин",       "Чернов",    "Абрамов",    "Мартынов",   "Ефимов",     "Федотов",   "Щербаков",
    "Назаров",     "Калинин",   "Исаев",      "Чернышёв",   "Быков",      "Маслов",    "Родионов",
    "Коновалов",   "Лазарев",   "Воронин",    "Климов",     "Филатов",    "Пономарёв", "Голубев",
    "Кудрявцев",   "Прохоров",  "Шевченко",   "Ковальский", "Бондаренко", "Черных",    "Вишневский",
    "Успенский",   "Толстой"};
constexpr const char* kRuRare[] = {"Остроухов",  "Ястребов",  "Шаляпин",
                                   "Оболенский", "Трубецкой", "Кочубей"};
constexpr const char* kRuFemale[] = {
    "Елена",      "Ольга",     "Наталья", "Екатерина", "Анна",      "Татьяна",   "Мария",
    "Ирина",      "Светлана",  "Юлия",    "Анастасия", "Марина",    "Людмила",   "Галина",
    "Надежда",    "Валентина", "Дарья",   "Ксения",    "Виктория",  "Алина",     "Оксана",
    "Евгения",    "Вера",      "Любовь",  "Полина",    "Софья",     "Елизавета", "Кристина",
    "Александра", "Олеся",     "Нина",    "Лариса",    "Маргарита", "Валерия",   "Варвара",
    "Алёна",      "Яна",       "Диана",   "Вероника",  "Зоя",       "Тамара",    "Раиса",
    "Лидия",      "Инна",      "Жанна",   "Эльвира",   "Ульяна",    "Милана",    "Арина",
    "Василиса"};
constexpr const char* kRuMale[] = {
    "Александр", "Сергей", "Дмитрий",  "Андрей",   "Алексей", "Максим",    "Евгений",    "Иван",
    "Михаил",    "Артём",  "Владимир", "Николай",  "Денис",   "Игорь",     "Олег",       "Павел",
    "Роман",     "Юрий",   "Никита",   "Виктор",   "Антон",   "Илья",      "Константин", "Вадим",
    "Кирилл",    "Егор",   "Василий",  "Анатолий", "Валерий", "Геннадий",  "Борис",      "Григорий",
    "Леонид",    "Пётр",   "Фёдор",    "Тимур",    "Руслан",  "Станислав", "Ярослав",    "Виталий",
    "Георгий",   "Степан", "Матвей",   "Даниил",   "Глеб",    "Арсений",   "Тимофей",    "Вячеслав",
    "Эдуард",    "Аркадий"};
// The patronymics (son, daughter) of the fathers in kRuMale, in the same order.
constexpr const char* kRuPatronymics[][2] = {{"Александрович", "Александровна"},
                                             {"Сергеевич", "Сергеевна"},
                                             {"Дмитриевич", "Дмитриевна"},
                                             {"Андреевич", "Андреевна"},
                                             {"Алексеевич", "Алексеевна"},
                                             {"Максимович", "Максимовна"},
                                             {"Евгеньевич", "Евгеньевна"},
                                             {"Иванович", "Ивановна"},
                                             {"Михайлович", "Михайловна"},
                                             {"Артёмович", "Артёмовна"},
                                             {"Владимирович", "Владимировна"},
                                             {"Николаевич", "Николаевна"},
                                             {"Денисович", "Денисовна"},
                                             {"Игоревич", "Игоревна"},
                                             {"Олегович", "Олеговна"},
                                             {"Павлович", "Павловна"},
                                             {"Романович", "Романовна"},
                                             {"Юрьевич", "Юрьевна"},
                                             {"Никитич", "Никитична"},
                                             {"Викторович", "Викторовна"},
                                             {"Антонович", "Антоновна"},
                                             {"Ильич", "Ильинична"},
                                             {"Константинович", "Константиновна"},
                                             {"Вадимович", "Вадимовна"},
                                             {"Кириллович", "Кирилловна"},
                                             {"Егорович", "Егоровна"},
                                             {"Васильевич", "Васильевна"},
                                             {"Анатольевич", "Анатольевна"},
                                             {"Валерьевич", "Валерьевна"},
                                             {"Геннадьевич", "Геннадьевна"},
                                             {"Борисович", "Борисовна"},
                                             {"Григорьевич", "Григорьевна"},
                                             {"Леонидович", "Леонидовна"},
                                             {"Петрович", "Петровна"},
                                             {"Фёдорович", "Фёдоровна"},
                                             {"Тимурович", "Тимуровна"},
                                             {"Русланович", "Руслановна"},
                                             {"Станиславович", "Станиславовна"},
                                             {"Ярославович", "Ярославовна"},
                                             {"Витальевич", "Витальевна"},
                                             {"Георгиевич", "Георгиевна"},
                                             {"Степанович", "Степановна"},
                                             {"Матвеевич", "Матвеевна"},
                                             {"Даниилович", "Данииловна"},
                                             {"Глебович", "Глебовна"},
                                             {"Арсеньевич", "Арсеньевна"},
                                             {"Тимофеевич", "Тимофеевна"},
                                             {"Вячеславович", "Вячеславовна"},
                                             {"Эдуардович", "Эдуардовна"},
                                             {"Аркадьевич", "Аркадьевна"}};
static_assert(std::size(kRuPatronymics) == std::size(kRuMale));

struct CountryNames {
  std::span<const char* const> surnames;  // most common first
  std::span<const char* const> rare;
  std::span<const char* const> female;  // most common first
  std::span<const char* const> male;
  double second_given = 0;   // share of people with two given names
  bool two_surnames = true;  // paternal and maternal, as in the Andes
};

const CountryNames& names_of(std::string_view country) {
  static const CountryNames kPe{kPeSurnames, kPeRare, kPeFemale, kPeMale, 0.3, true};
  static const CountryNames kBo{kBoSurnames, kBoRare, kBoFemale, kBoMale, 0.3, true};
  static const CountryNames kEc{kEcSurnames, kEcRare, kEcFemale, kEcMale, 0.6, true};
  static const CountryNames kRu{kRuSurnames, kRuRare, kRuFemale, kRuMale, 0, false};
  if (country == "PE") return kPe;
  if (country == "BO") return kBo;
  if (country == "EC") return kEc;
  return kRu;
}

// ---------------------------------------------------------------------------
// Companies: a kind of business, a name, a legal form.

struct CompanyWords {
  std::span<const char* const> kinds;
  std::span<const char* const> names;
  std::span<const char* const> forms;
  const char* mail_domain;  // after the company's word: "com.pe"
};

constexpr const char* kPeKinds[] = {
    "Inversiones",  "Comercial",      "Corporación", "Distribuidora", "Transportes",
    "Constructora", "Agroindustrias", "Importadora", "Consultora",    "Servicios Generales"};
constexpr const char* kPeNames[] = {"Andina",     "del Sur",    "Los Andes", "Pacífico",
                                    "Inca",       "San Martín", "Amazonas",  "Chavín",
                                    "Huascarán",  "El Misti",   "Titicaca",  "Santa Rosa",
                                    "Miraflores", "Rímac",      "Sipán"};
constexpr const char* kPeForms[] = {"S.A.C.", "E.I.R.L.", "S.A.", "S.R.L."};
constexpr const char* kBoKinds[] = {
    "Comercial",   "Importadora", "Distribuidora",           "Constructora",
    "Transportes", "Industrias",  "Cooperativa de Servicios"};
constexpr const char* kBoNames[] = {"Tunari",
                                    "Illimani",
                                    "Cochabamba",
                                    "Valle Alto",
                                    "Quillacollo",
                                    "Sacaba",
                                    "Chapare",
                                    "Illampu",
                                    "Cristo de "
                                    "la Concordia",
                                    "Andina",
                                    "del Valle"};
constexpr const char* kBoForms[] = {"S.R.L.", "Ltda.", "S.A."};
constexpr const char* kEcKinds[] = {"Importadora",   "Comercializadora", "Corporación",
                                    "Distribuidora", "Constructora",     "Exportadora",
                                    "Agrícola",      "Camaronera",       "Bananera"};
constexpr const char* kEcNames[] = {"del Pacífico", "Guayas",   "Manabí",   "Austral",
                                    "Costa Azul",   "Los Ríos", "Cotopaxi", "Chimborazo",
                                    "Pichincha",    "El Oro",   "Andina"};
constexpr const char* kEcForms[] = {"S.A.", "Cía. Ltda."};
constexpr const char* kRuForms[] = {"ООО", "АО", "ПАО"};
constexpr const char* kRuNames[] = {
    "Вектор",   "СтройИнвест", "ТехноСервис", "Альфа",          "Гранит",
    "Меридиан", "Восток",      "Сибирь",      "Волга",          "Феникс",
    "Атлант",   "Прогресс",    "Интеграл",    "Северный ветер", "Уральские самоцветы"};

// ---------------------------------------------------------------------------
// Bolivian addresses (Cochabamba, where COMTECO serves), Annex 1 protocol.

constexpr const char* kBoStreets[] = {"25 DE MAYO",
                                      "ESTEBAN ARCE",
                                      "NATANIEL AGUIRRE",
                                      "HEROINAS",
                                      "AYACUCHO",
                                      "JORDAN",
                                      "SUCRE",
                                      "BOLIVAR",
                                      "LANZA",
                                      "ANTEZANA",
                                      "SAN MARTIN",
                                      "ESPAÑA",
                                      "MEXICO",
                                      "COLOMBIA",
                                      "ECUADOR",
                                      "LADISLAO CABRERA",
                                      "AMERICA",
                                      "PANDO",
                                      "BALLIVIAN",
                                      "OQUENDO",
                                      "TUMUSLA",
                                      "URUGUAY",
                                      "GENERAL ACHA",
                                      "CALAMA",
                                      "HAMIRAYA",
                                      "LA PAZ",
                                      "SANTIVAÑEZ",
                                      "BAPTISTA",
                                      "JUNIN",
                                      "AROMA",
                                      "PUNATA",
                                      "LAS HERAS",
                                      "TARATA",
                                      "INDEPENDENCIA",
                                      "BLANCO GALINDO"};
constexpr const char* kBoZones[] = {"CENTRAL",     "NORTE",    "SARCO",    "CALA CALA",
                                    "QUERU QUERU", "TUPURAYA", "MUYURINA", "LAS CUADRAS",
                                    "TEMPORAL",    "HIPODROMO"};
constexpr const char* kBoBuildings[] = {"ELIAS",        "LOS TIEMPOS", "TITANIC",
                                        "CENTRAL PARK", "TORRE SOFER", "COLON"};
constexpr const char* kBoCities[] = {"QUILLACOLLO", "SACABA", "TIQUIPAYA"};

// ---------------------------------------------------------------------------
// Deterministic randomness.

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// splitmix64: small, fast, and good enough for made-up people.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    return mix(state_);
  }
  std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % n); }
  std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + below(hi - lo + 1); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <typename T>
  const T& one_of(std::span<const T> items) {
    return items[static_cast<std::size_t>(below(static_cast<std::int64_t>(items.size())))];
  }
  template <typename T, std::size_t N>
  const T& one_of(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  std::uint64_t state_;
};

constexpr std::uint64_t kSeed = 20261122;  // fixed: demo screenshots stay the same

std::uint64_t country_salt(std::string_view country) {
  return static_cast<std::uint64_t>(country[0]) << 8 | static_cast<std::uint64_t>(country[1]);
}

// `weights` turned into running sums, for weighted draws.
std::vector<double> cumulative(const std::vector<double>& weights) {
  std::vector<double> out(weights.size());
  std::partial_sum(weights.begin(), weights.end(), out.begin());
  return out;
}

// Names of a list ranked by frequency: the first few are much more common
// than the tail, about as in the registries (Quispe ~2% of Peruvian surnames).
std::vector<double> rank_weights(std::size_t n, double offset, double exponent) {
  std::vector<double> w(n);
  for (std::size_t r = 0; r < n; ++r) w[r] = std::pow(static_cast<double>(r) + offset, -exponent);
  return w;
}

std::size_t draw(Rng& rng, const std::vector<double>& cdf) {
  double u = rng.unit() * cdf.back();
  auto at = std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
  return std::min(static_cast<std::size_t>(at), cdf.size() - 1);
}

// `value` with `width` digits, zeros in front.
std::string digits(std::int64_t value, int width) {
  std::string s = std::to_string(value);
  if (static_cast<int>(s.size()) < width)
    s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

int weighted_sum(std::string_view ds, std::initializer_list<int> weights) {
  int sum = 0;
  std::size_t i = 0;
  for (int w : weights) sum += (ds[i++] - '0') * w;
  return sum;
}

// ---------------------------------------------------------------------------
// Check digits (REFERENCE.md section 1), so that parse_id_document accepts
// what we make.

char peru_dni_check(std::string_view dni, bool letter) {
  int c = weighted_sum(dni, {3, 2, 7, 6, 5, 4, 3, 2}) % 11;
  return letter ? "KJIHGFEDCBA"[c] : "65432110987"[c];
}

char peru_ruc_check(std::string_view first10) {
  return static_cast<char>('0' +
                           (11 - weighted_sum(first10, {5, 4, 3, 2, 7, 6, 5, 4, 3, 2}) % 11) % 10);
}

char ecuador_cedula_check(std::string_view first9) {
  int sum = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    int p = (first9[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += p > 9 ? p - 9 : p;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// Σ over the first 9 digits of a company RUC, mod 11; 1 leaves no valid check digit.
int ecuador_company_remainder(std::string_view first9) {
  return weighted_sum(first9, {4, 3, 2, 7, 6, 5, 4, 3, 2}) % 11;
}

char russia_inn10_check(std::string_view first9) {
  return static_cast<char>('0' + weighted_sum(first9, {2, 4, 10, 3, 5, 9, 4, 6, 8}) % 11 % 10);
}

// OKATO region codes that open Russian passport series (Moscow, St Petersburg,
// Moscow oblast, Tatarstan, Sverdlovsk, Novosibirsk, Krasnodar, Rostov,
// Nizhny Novgorod, Bashkortostan), and tax offices that open company INNs.
constexpr const char* kRuOkato[] = {"45", "40", "46", "92", "65", "50", "03", "60", "22", "80"};
constexpr int kRuSeriesYears = 28;  // blanks printed 1997..2024
constexpr const char* kRuTaxOffices[] = {"7701", "7703", "7707", "7714", "7728", "7743",
                                         "7802", "7810", "7838", "5003", "5024", "1655"};
// Mobile codes of Beeline and the others (DEF 9xx).
constexpr const char* kRuMobileCodes[] = {"903", "905", "906", "909", "915", "916", "925", "926",
                                          "951", "953", "960", "961", "962", "963", "968"};

// Bolivian CI departments, La Paz and Cochabamba first (COMTECO's market).
constexpr const char* kBoDepartments[] = {"CB", "CB", "CB", "CB", "LP", "LP", "SC",
                                          "OR", "PT", "CH", "TJ", "BE", "PD"};

std::string lower_ascii_word(std::string_view utf8) {
  std::string folded = fold_for_search(utf8);
  return folded.substr(0, folded.find(' '));
}

// Latin letters for an e-mail address from a folded (lower-case) name.
std::string transliterate(std::string_view folded) {
  static const std::pair<const char*, const char*> kCyrillic[] = {
      {"а", "a"},  {"б", "b"},  {"в", "v"},  {"г", "g"},  {"д", "d"},    {"е", "e"}, {"ж", "zh"},
      {"з", "z"},  {"и", "i"},  {"й", "y"},  {"к", "k"},  {"л", "l"},    {"м", "m"}, {"н", "n"},
      {"о", "o"},  {"п", "p"},  {"р", "r"},  {"с", "s"},  {"т", "t"},    {"у", "u"}, {"ф", "f"},
      {"х", "kh"}, {"ц", "ts"}, {"ч", "ch"}, {"ш", "sh"}, {"щ", "shch"}, {"ъ", ""},  {"ы", "y"},
      {"ь", ""},   {"э", "e"},  {"ю", "yu"}, {"я", "ya"}};
  std::string out;
  for (std::size_t i = 0; i < folded.size();) {
    if (static_cast<unsigned char>(folded[i]) < 0x80) {
      if (std::isalnum(static_cast<unsigned char>(folded[i]))) out += folded[i];
      ++i;
      continue;
    }
    bool found = false;
    for (const auto& [cyr, lat] : kCyrillic) {
      if (folded.substr(i, 2) == cyr) {
        out += lat;
        found = true;
        break;
      }
    }
    i += found ? 2 : 1;
  }
  return out;
}

// Иванов -> Иванова, Ковальский -> Ковальская, Толстой -> Толстая; Черных
// and Шевченко do not change.
std::string russian_surname(std::string_view masculine, bool female) {
  std::string s(masculine);
  if (!female) return s;
  auto ends = [&](std::string_view tail) { return s.ends_with(tail); };
  if (ends("ов") || ends("ев") || ends("ёв") || ends("ин") || ends("ын")) return s + "а";
  if (ends("ий") || ends("ой")) return s.substr(0, s.size() - 4) + "ая";
  return s;
}

std::string birth_date(Rng& rng) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(rng.between(1945, 2006)),
                static_cast<int>(rng.between(1, 12)), static_cast<int>(rng.between(1, 28)));
  return buf;
}

party::ContactMedium mobile_contact(const std::string& e164) {
  party::ContactMedium m;
  m.medium_type = "mobile";
  m.preferred = true;
  m.phone_e164 = e164;
  return m;
}

party::ContactMedium email_contact(const std::string& text) {
  party::ContactMedium m;
  m.medium_type = "email";
  m.email = normalize_email(text);
  return m;
}

party::ContactMedium address_contact(const PostalAddress& a) {
  party::ContactMedium m;
  m.medium_type = "postalAddress";
  m.address = a;
  return m;
}

std::string bolivian_address(Rng& rng) {
  std::size_t n = std::size(kBoStreets);
  std::size_t s = rng.below(n), a = (s + 1 + rng.below(n - 2)) % n, b = (a + 1) % n;
  if (b == s) b = (b + 1) % n;
  std::string text;
  if (rng.chance(0.2)) text += std::string(rng.one_of(kBoCities)) + "/";
  text += std::string(kBoStreets[s]) + " - " + digits(rng.between(1, 2999), 4);
  if (rng.chance(0.25)) {
    text += std::string(" ESQUINA ") + kBoStreets[a];
  } else {
    text += std::string(" ENTRE ") + kBoStreets[a] + " Y " + kBoStreets[b];
  }
  if (rng.chance(0.15)) {
    text += std::string(" EDIFICIO ") + rng.one_of(kBoBuildings) + " PISO " +
            std::to_string(rng.between(1, 12)) + " DEPTO " + static_cast<char>('A' + rng.below(4));
  }
  if (rng.chance(0.5)) text += std::string(" ZONA ") + rng.one_of(kBoZones);
  return text;
}

void ensure(bool ok, const char* what) {
  // Generated data that fails its own country's rules is a bug here.
  if (!ok) throw std::logic_error(std::string("demo data: ") + what);
}

IdDocument document(std::string_view type, const std::string& number) {
  return parse_id_document(type, number, "");
}

}  // namespace

// ---------------------------------------------------------------------------
// DemoPeople

std::int64_t DemoPeople::Scramble::operator()(std::int64_t x) const {
  const std::uint64_t mask = (std::uint64_t{1} << half_bits) - 1;
  auto y = static_cast<std::uint64_t>(x);
  do {
    std::uint64_t left = y >> half_bits, right = y & mask;
    for (std::uint64_t key : keys) {
      std::uint64_t next = left ^ (mix(right ^ key) & mask);
      left = right;
      right = next;
    }
    y = left << half_bits | right;
  } while (y >= static_cast<std::uint64_t>(m));  // at most a few rounds: 2^(2 half_bits) < 4m
  return static_cast<std::int64_t>(y);
}

DemoPeople::Scramble DemoPeople::make_scramble(std::int64_t m, std::uint64_t salt) {
  Scramble s;
  s.m = m;
  while ((std::int64_t{1} << (2 * s.half_bits)) < m) ++s.half_bits;
  for (std::uint64_t& key : s.keys) key = mix(salt++);
  return s;
}

DemoPeople::DemoPeople(std::string_view country) : country_(country) {
  if (country_ != "PE" && country_ != "BO" && country_ != "RU" && country_ != "EC") {
    throw Error(Code::kInvalidParameter,
                "demo data exists for PE, BO, RU and EC, not '" + country_ + "'", "operator");
  }
  std::uint64_t salt = kSeed ^ country_salt(country_) << 32;
  std::int64_t person_space = 0, mobile_space = 0, org_space = 0;
  if (country_ == "PE") {
    person_space = 70'000'000;   // DNI 10000000..79999999
    mobile_space = 100'000'000;  // 9XXXXXXXX
    org_space = 100'000'000;     // RUC 20XXXXXXXX + check
  } else if (country_ == "BO") {
    person_space = 9'000'000;   // CI 1000000..9999999
    mobile_space = 20'000'000;  // 6XXXXXXX, 7XXXXXXX
    org_space = 100'000'000;    // NIT 10XXXXXXXX
  } else if (country_ == "RU") {
    person_space = static_cast<std::int64_t>(std::size(kRuOkato)) * kRuSeriesYears * 1'000'000;
    mobile_space = static_cast<std::int64_t>(std::size(kRuMobileCodes)) * 10'000'000;
    org_space = static_cast<std::int64_t>(std::size(kRuTaxOffices)) * 100'000;
  } else {
    person_space = 24LL * 6 * 1'000'000;  // province, third digit 0-5, 6 digits
    mobile_space = 20'000'000;            // 098XXXXXXX, 099XXXXXXX
    org_space = 24LL * 100'000;           // province, 9, 5 digits
  }
  person_doc_ = make_scramble(person_space, salt + 10);
  mobile_ = make_scramble(mobile_space, salt + 20);
  org_doc_ = make_scramble(org_space, salt + 30);
  capacity_ = std::min({person_space, mobile_space, org_space * 16});

  const CountryNames& n = names_of(country_);
  auto surnames = rank_weights(n.surnames.size(), 30, 1.3);
  double common = std::accumulate(surnames.begin(), surnames.end(), 0.0);
  // Each rare surname: 0.002% of people, 20 in a million.
  for (std::size_t i = 0; i < n.rare.size(); ++i) surnames.push_back(common * 0.00002);
  surname_cdf_ = cumulative(surnames);
  female_cdf_ = cumulative(rank_weights(n.female.size(), 8, 1.1));
  male_cdf_ = cumulative(rank_weights(n.male.size(), 8, 1.1));
}

DemoCustomer DemoPeople::customer(std::int64_t index) const {
  if (index < 0 || index >= capacity_) {
    throw Error(Code::kInvalidParameter,
                "demo customer " + std::to_string(index) + " is out of range (at most " +
                    std::to_string(capacity_) + " for " + country_ + ")",
                "customers");
  }
  return is_organization(index) ? organization(index) : person(index);
}

std::string DemoPeople::common_name_query(std::uint64_t seed) const {
  const CountryNames& n = names_of(country_);
  Rng rng(mix(seed));
  // The 20 most common surnames and the 30 most common given names.
  std::string surname = n.surnames[rng.below(20)];
  bool female = rng.chance(0.5);
  std::string given = (female ? n.female : n.male)[rng.below(30)];
  if (!n.two_surnames) surname = russian_surname(surname, female);
  return fold_for_search(surname + " " + given);
}

std::string DemoPeople::rare_name_query(std::uint64_t seed) const {
  const CountryNames& n = names_of(country_);
  Rng rng(mix(seed));
  return fold_for_search(n.rare[rng.below(static_cast<std::int64_t>(n.rare.size()))]);
}

PhoneNumber DemoPeople::mobile(std::int64_t index) const {
  std::int64_t m = mobile_(index);
  std::string dial;
  if (country_ == "PE") {
    dial = "9" + digits(m, 8);
  } else if (country_ == "BO") {
    dial = (m < 10'000'000 ? "6" : "7") + digits(m % 10'000'000, 7);
  } else if (country_ == "RU") {
    dial = std::string("8") + kRuMobileCodes[m / 10'000'000] + digits(m % 10'000'000, 7);
  } else {
    dial = (m < 10'000'000 ? "098" : "099") + digits(m % 10'000'000, 7);
  }
  PhoneNumber phone = parse_phone(dial, country_);
  ensure(phone.kind == PhoneKind::kMobile || phone.kind == PhoneKind::kFixedOrMobile,
         "a generated mobile number is not a mobile");
  return phone;
}

DemoCustomer DemoPeople::person(std::int64_t index) const {
  const CountryNames& n = names_of(country_);
  Rng rng(mix(kSeed ^ country_salt(country_) << 40 ^ static_cast<std::uint64_t>(index)));
  DemoCustomer out;
  party::NewParty& p = out.party;
  p.kind = party::PartyKind::kIndividual;
  bool female = rng.chance(0.5);
  const auto& given_cdf = female ? female_cdf_ : male_cdf_;
  auto given_names = female ? n.female : n.male;
  auto surname = [&] {
    std::size_t i = draw(rng, surname_cdf_);
    return std::string(i < n.surnames.size() ? n.surnames[i] : n.rare[i - n.surnames.size()]);
  };
  std::size_t first_given = draw(rng, given_cdf);
  p.given_name = given_names[first_given];
  if (n.two_surnames) {
    if (rng.chance(n.second_given)) {
      std::size_t second = draw(rng, given_cdf);
      if (second != first_given) p.given_name += std::string(" ") + given_names[second];
    }
    p.family_name = surname() + " " + surname();
  } else {
    p.family_name = russian_surname(surname(), female);
    if (rng.chance(0.7)) {
      p.given_name += std::string(" ") + kRuPatronymics[draw(rng, male_cdf_)][female ? 1 : 0];
    }
  }
  p.birth_date = birth_date(rng);
  p.disability = rng.chance(0.03);

  std::int64_t v = person_doc_(index);
  if (country_ == "PE") {
    std::string dni = std::to_string(10'000'000 + v);
    // One card in three is written with its check character, digit or letter.
    if (rng.chance(1.0 / 3)) dni += std::string("-") + peru_dni_check(dni, rng.chance(0.5));
    p.documents.push_back(document("DNI", dni));
  } else if (country_ == "BO") {
    std::string ci = std::to_string(1'000'000 + v);
    if (rng.chance(0.04))
      ci += "-" + std::to_string(rng.between(1, 9)) + static_cast<char>('A' + rng.below(6));
    p.documents.push_back(document("CI", ci + " " + rng.one_of(kBoDepartments)));
  } else if (country_ == "RU") {
    std::int64_t serial = v % 1'000'000, rest = v / 1'000'000;
    int year = static_cast<int>(rest % kRuSeriesYears);
    std::string okato = kRuOkato[rest / kRuSeriesYears];
    std::string series = okato + digits((1997 + year) % 100, 2);
    p.documents.push_back(document("RU_PASSPORT", series + " " + digits(serial, 6)));
  } else {
    std::int64_t body = v % 1'000'000, rest = v / 1'000'000;
    std::string first9 = digits(rest / 6 + 1, 2) + std::to_string(rest % 6) + digits(body, 6);
    p.documents.push_back(document("CEDULA", first9 + ecuador_cedula_check(first9)));
  }

  PhoneNumber phone = mobile(index);
  out.mobile_national = phone.national;
  p.contacts.push_back(mobile_contact(phone.e164));

  if (rng.chance(0.6)) {
    static constexpr const char* kLatinDomains[] = {"gmail.com", "hotmail.com", "outlook.com",
                                                    "yahoo.com"};
    static constexpr const char* kRuDomains[] = {"mail.ru", "yandex.ru", "gmail.com", "rambler.ru"};
    std::string local = transliterate(lower_ascii_word(p.given_name)) + "." +
                        transliterate(lower_ascii_word(p.family_name)) +
                        std::to_string(index % 997);
    p.contacts.push_back(email_contact(
        local + "@" + (country_ == "RU" ? rng.one_of(kRuDomains) : rng.one_of(kLatinDomains))));
  }
  out.account.billing_cycle_day = static_cast<int>(rng.between(1, 28));
  if (country_ == "BO") {
    PostalAddress home = parse_bo_address(bolivian_address(rng));
    p.contacts.push_back(address_contact(home));
    out.account.billing_address = home;
    out.account.invoice_type = "factura";
  } else if (country_ == "PE") {
    out.account.invoice_type = "boleta";
  } else {
    out.account.invoice_type = rng.chance(0.85) ? "electronic" : "paper";
  }
  return out;
}

DemoCustomer DemoPeople::organization(std::int64_t index) const {
  Rng rng(mix(kSeed ^ country_salt(country_) << 40 ^ static_cast<std::uint64_t>(index)));
  DemoCustomer out;
  out.wants_admin = true;
  party::NewParty& p = out.party;
  p.kind = party::PartyKind::kOrganization;
  std::int64_t v = org_doc_(index / 16);
  std::string word;  // names the e-mail domain
  std::string domain = "ru";
  if (country_ == "RU") {
    std::string name = rng.one_of(kRuNames);
    p.name = std::string(rng.one_of(kRuForms)) + " «" + name + "»";
    word = transliterate(lower_ascii_word(name));
    std::string first9 = std::string(kRuTaxOffices[v / 100'000]) + digits(v % 100'000, 5);
    p.documents.push_back(document("INN", first9 + russia_inn10_check(first9)));
  } else {
    CompanyWords words = country_ == "PE"   ? CompanyWords{kPeKinds, kPeNames, kPeForms, "com.pe"}
                         : country_ == "BO" ? CompanyWords{kBoKinds, kBoNames, kBoForms, "com.bo"}
                                            : CompanyWords{kEcKinds, kEcNames, kEcForms, "com.ec"};
    std::string name = rng.one_of(words.names);
    p.name = std::string(rng.one_of(words.kinds)) + " " + name + " " + rng.one_of(words.forms);
    std::string folded = fold_for_search(name);
    std::erase(folded, ' ');
    word = folded;
    domain = words.mail_domain;
    if (rng.chance(0.5)) p.trading_name = name;
    if (country_ == "PE") {
      std::string first10 = "20" + digits(v, 8);
      p.documents.push_back(document("RUC", first10 + peru_ruc_check(first10)));
    } else if (country_ == "BO") {
      p.documents.push_back(document("NIT", "10" + digits(v, 8)));
    } else {
      // Province, 9 (company), 5 digits, then a digit chosen so that a check
      // digit exists (a remainder of 1 leaves none; the last weight is 2).
      std::string first8 = digits(v / 100'000 + 1, 2) + "9" + digits(v % 100'000, 5);
      std::string first9 = first8 + "0";
      if (ecuador_company_remainder(first9) == 1) first9 = first8 + "1";
      int r = ecuador_company_remainder(first9);
      p.documents.push_back(
          document("RUC", first9 + static_cast<char>('0' + (11 - r) % 11) + "001"));
    }
  }
  PhoneNumber phone = mobile(index);
  out.mobile_national = phone.national;
  p.contacts.push_back(mobile_contact(phone.e164));
  p.contacts.push_back(
      email_contact("facturacion@" + word + std::to_string(index % 97) + "." + domain));
  out.account.billing_cycle_day = static_cast<int>(rng.between(1, 28));
  out.account.invoice_type = country_ == "RU" || country_ == "EC" ? "electronic" : "factura";
  if (country_ == "BO") {
    PostalAddress office = parse_bo_address(bolivian_address(rng));
    p.contacts.push_back(address_contact(office));
    out.account.billing_address = office;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Loading

namespace {

// One write job: creates the customers of `batch`. A document already taken
// fails the job, which rolls back alone. The job may run twice (a SQLite group
// commit re-runs the jobs of a lost batch), so it reads `batch` without
// consuming it.
DemoLoad create_batch(store::Tx& tx, const party::PartyService& service, const Actor& by,
                      const std::vector<DemoCustomer>& batch) {
  DemoLoad load;
  std::optional<std::string> last_person;
  for (const DemoCustomer& c : batch) {
    party::Party p = service.create_party(tx, by, c.party);
    party::NewCustomer customer{p.id, "", {c.account}};
    if (c.wants_admin) {
      customer.accounts[0].admin_party_id = last_person;
      ++load.organizations;
    } else {
      last_person = p.id;
    }
    service.create_customer(tx, by, std::move(customer));
    ++load.added;
  }
  return load;
}

bool is_duplicate_party(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& err) {
    return err.code() == Code::kDuplicateParty;
  } catch (...) {
    return false;
  }
}

// The example queries of `seed --demo`: the name and the document of the
// first person whose document the quick search finds as written, and a mobile.
struct Examples {
  std::string name, document, mobile;
};

Examples examples_of(const DemoPeople& people) {
  Examples ex;
  DemoCustomer first = people.customer(0);
  auto first_word = [](const std::string& s) { return s.substr(0, s.find(' ')); };
  ex.name = fold_for_search(first_word(first.party.family_name) + " " +
                            first_word(first.party.given_name));
  ex.mobile = first.mobile_national;
  for (std::int64_t i = 1; i < kDemoCustomers; ++i) {
    if (DemoPeople::is_organization(i)) continue;
    IdDocument doc = people.customer(i).party.documents.front();
    // A CI complement ("1234567-1A") is kept apart from the plain number.
    if (!doc.complement.empty()) continue;
    ex.document = doc.type == IdType::kDni ? doc.number : doc.display();
    break;
  }
  return ex;
}

}  // namespace

DemoLoad load_demo_customers(store::Database& db, const party::PartyService& service,
                             const Actor& by, const DemoPeople& people, std::int64_t first,
                             std::int64_t last, int per_job,
                             const std::function<void(std::int64_t)>& progress) {
  // A few jobs queued keep the writer busy while this thread makes the next.
  constexpr int kMaxInFlight = 4;
  struct Range {
    std::int64_t begin, end;
  };
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  std::int64_t handled = 0;
  std::exception_ptr error;
  DemoLoad total;
  std::vector<Range> retry;  // jobs that met a taken document: again, one customer per job

  // Waits until at most `most` jobs are in flight; returns how many customers are done.
  auto wait_for = [&](int most) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return in_flight <= most; });
    return handled;
  };
  auto submit = [&](Range r) {
    std::vector<DemoCustomer> batch;
    batch.reserve(static_cast<std::size_t>(r.end - r.begin));
    for (std::int64_t i = r.begin; i < r.end; ++i) batch.push_back(people.customer(i));
    std::int64_t so_far = wait_for(kMaxInFlight - 1);
    if (progress) progress(so_far);
    {
      std::lock_guard lock(mu);
      if (error) return false;
      ++in_flight;
    }
    // Shared by the job, which writes it, and its completion, which reads it:
    // both are std::function objects, which must be copyable.
    auto result = std::make_shared<DemoLoad>();
    db.submit_write([&service, &by, result, batch = std::move(batch)](
                        store::Tx& tx) { *result = create_batch(tx, service, by, batch); },
                    [&, r, result](std::exception_ptr e) {
                      std::lock_guard lock(mu);
                      if (!e) {
                        total.added += result->added;
                        total.organizations += result->organizations;
                      } else if (!is_duplicate_party(e)) {
                        if (!error) error = e;
                      } else if (r.end - r.begin > 1) {
                        retry.push_back(r);
                      } else {
                        ++total.existing;
                      }
                      handled += r.end - r.begin;
                      --in_flight;
                      cv.notify_all();
                    });
    return true;
  };

  for (std::int64_t begin = first; begin < last; begin += per_job) {
    if (!submit({begin, std::min(last, begin + per_job)})) break;
  }
  wait_for(0);
  std::vector<Range> again;
  {
    std::lock_guard lock(mu);
    again.swap(retry);
    handled -= std::accumulate(again.begin(), again.end(), std::int64_t{0},
                               [](std::int64_t n, const Range& r) { return n + r.end - r.begin; });
  }
  for (const Range& r : again) {
    for (std::int64_t i = r.begin; i < r.end && submit({i, i + 1}); ++i) {
    }
  }
  std::int64_t so_far = wait_for(0);
  if (progress) progress(so_far);
  if (error) std::rethrow_exception(error);
  return total;
}

void seed_demo_customers(store::Database& db, const Clock& clock, const Policy& policy,
                         std::ostream& out) {
  DemoPeople people(policy.country);
  party::PartyService service(clock, policy.phone_region);
  DemoLoad load =
      load_demo_customers(db, service, Actor::system("seed"), people, 0, kDemoCustomers, 50);
  out << "Demo customers for " << policy.name << ": ";
  if (load.added == 0) {
    out << "all " << load.existing << " already there, nothing added\n";
  } else {
    out << "added " << load.added << " parties (" << load.added - load.organizations << " people, "
        << load.organizations << " companies), each with a customer and a billing account";
    if (load.existing > 0) out << "; " << load.existing << " were already there";
    out << "\n";
  }
  Examples ex = examples_of(people);
  out << "Quick search examples (GET /api/v1/search?q=...):\n"
      << "  name      " << ex.name << "\n"
      << "  document  " << ex.document << "\n"
      << "  mobile    " << ex.mobile << "\n";
}

}  // namespace abonado::app
