// Attachments: the type is judged from the content, the policy's types and
// size hold (pe-flash: PDF, JPEG, PNG up to 5 MiB), and only the uploader and
// case workers may download.

#include "harness.hpp"

namespace abonado::apitest {
namespace {

constexpr const char* kBoundary = "----abonadoTestBoundary7MA4YWxk";

std::string pdf_bytes(std::size_t padding = 0) {
  std::string pdf =
      "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
      "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n";
  pdf += std::string(padding, ' ');
  return pdf + "%%EOF\n";
}

std::string multipart(const std::string& field, const std::string& filename,
                      const std::string& bytes) {
  return std::string("--") + kBoundary + "\r\n" +
         "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--" + kBoundary +
         "--\r\n";
}

class Attachments : public ApiTest {
 protected:
  static HttpResponse upload(const std::string& body, const std::string& as = kOperator) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/api/v1/attachments";
    req.token = token(as);
    req.body = body;
    req.content_type = std::string("multipart/form-data; boundary=") + kBoundary;
    return api().send(req);
  }
};

TEST_F(Attachments, StoresAFileWhoseTypeComesFromItsContent) {
  std::string bytes = pdf_bytes();
  auto r = upload(multipart("file", "scan-of-dni.jpg", bytes));  // a PDF whatever its name says
  ASSERT_EQ(r.status, 201) << r.body;
  Json a = r.json();
  EXPECT_EQ(a["mimeType"], "application/pdf");
  EXPECT_EQ(a["name"], "scan-of-dni.jpg");
  EXPECT_EQ(a["size"], bytes.size());
  ASSERT_NE(r.header("Location"), nullptr);

  auto back = api().get(*r.header("Location"), token(kOperator));
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(back.body, bytes);
  EXPECT_EQ(*back.header("Content-Type"), "application/pdf");
  EXPECT_EQ(*back.header("X-Content-Type-Options"), "nosniff");

  // Not filed with a case yet: its uploader's and the admin's, not every desk's.
  EXPECT_EQ(api().get(*r.header("Location"), token(kAdmin)).status, 200);
  EXPECT_TRUE(is_error(api().get(*r.header("Location"), token(kSupervisor)), 404, "NOT_FOUND"));
  auto other = create_agent(unique_name("other.op"));
  ASSERT_EQ(other.status, 201) << other.body;
  auto as_other = login(other.json()["username"], "correct-horse-1").json()["token"];
  EXPECT_TRUE(is_error(api().get(*r.header("Location"), as_other), 404, "NOT_FOUND"));
}

// A name is stored as text: a long Spanish name is cut between characters, and
// bytes that are no UTF-8 become '_' (PostgreSQL would refuse them).
TEST_F(Attachments, NamesAreKeptAsUtf8Text) {
  std::string long_name;
  for (int i = 0; i < 120; ++i) long_name += "ñ";  // 240 bytes
  auto r = upload(multipart("file", long_name + ".pdf", pdf_bytes()));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string cut;
  for (int i = 0; i < 100; ++i) cut += "ñ";  // 200 bytes
  EXPECT_EQ(r.json()["name"], cut);
  r = upload(multipart("file", "dni-\xFF\xC3.pdf", pdf_bytes()));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["name"], "dni-__.pdf");
}

// A file's name is shown as it reads: a right-to-left override would show
// "ñandú<U+202E>fdp.exe" as "ñandúexe.pdf", so it is dropped, with control
// characters and any folder. The download names the file in ASCII for old
// clients and whole in UTF-8 (RFC 6266), never raw bytes in a header.
TEST_F(Attachments, NamesShowAsTheyReadAndDownloadUnderTheirName) {
  auto r = upload(multipart("file", "fotos/ñandú\xE2\x80\xAE\tfdp.exe", pdf_bytes()));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["name"], "ñandúfdp.exe");
  auto back = api().get(*r.header("Location"), token(kOperator));
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(*back.header("Content-Disposition"),
            "attachment; filename=\"_and_fdp.exe\"; filename*=UTF-8''%C3%B1and%C3%BAfdp.exe");
  r = upload(multipart("file", "\xE2\x80\xAE", pdf_bytes()));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["name"], "attachment");
}

TEST_F(Attachments, RefusesTypesOutsideThePolicy) {
  auto r = upload(multipart("file", "notes.pdf", "just some plain text, not a PDF at all\n"));
  EXPECT_TRUE(is_error(r, 415, "ATTACHMENT_TYPE_NOT_ALLOWED", "file"));
  r = upload(multipart("file", "run.sh", "#!/bin/sh\nrm -rf /\n"));
  EXPECT_TRUE(is_error(r, 415, "ATTACHMENT_TYPE_NOT_ALLOWED", "file"));
}

TEST_F(Attachments, RefusesFilesOverThePolicySize) {
  constexpr std::size_t kMax = 5 * 1024 * 1024;
  auto r = upload(multipart("file", "big.pdf", pdf_bytes(kMax)));
  EXPECT_TRUE(is_error(r, 413, "ATTACHMENT_TOO_LARGE", "file"));
  r = upload(multipart("file", "huge.pdf", pdf_bytes(kMax + 200 * 1024)));
  EXPECT_EQ(r.status, 413);
  // Just under the limit is fine.
  r = upload(multipart("file", "ok.pdf", pdf_bytes(kMax - 1024)));
  EXPECT_EQ(r.status, 201) << r.body.substr(0, 300);
}

TEST_F(Attachments, RefusesMalformedUploads) {
  EXPECT_TRUE(is_error(upload(multipart("document", "a.pdf", pdf_bytes())), 400, "MISSING_FIELD",
                       "file"));
  EXPECT_TRUE(is_error(upload(multipart("file", "empty.pdf", "")), 400, "INVALID_FIELD", "file"));
  EXPECT_TRUE(is_error(upload("--wrong-boundary\r\n\r\nxx"), 400, "INVALID_FIELD", "body"));
  EXPECT_TRUE(is_error(upload(std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; "
                                                             "name=\"file\"\r\n\r\nno end"),
                       400, "INVALID_FIELD", "body"));
  EXPECT_TRUE(is_error(api().post("/api/v1/attachments", {{"file", "x"}}, token(kOperator)), 415,
                       "UNSUPPORTED_MEDIA_TYPE"));
  EXPECT_TRUE(is_error(api().get("/api/v1/attachments/nope", token(kSupervisor)), 404,
                       "NOT_FOUND"));
}

}  // namespace
}  // namespace abonado::apitest
