#pragma once

namespace abonado::app {
inline constexpr const char* kVersion = "0.1.0";
}
