// Whole-machine snapshots as bytes. Each part writes its fields in a fixed order with put() and reads them back in the
// same order with get(); the reader never runs past the end (a short or corrupt snapshot sets ok = false instead).
// Values are stored in the host's byte order (little-endian on every platform the addon targets).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace hrl::atari {

class StateWriter {
 public:
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable<T>::value, "put() takes plain values");
    put_bytes(&v, sizeof(T));
  }
  void put_bytes(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    bytes.insert(bytes.end(), b, b + n);
  }
  std::vector<uint8_t> bytes;
};

class StateReader {
 public:
  StateReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable<T>::value, "get() returns plain values");
    T v{};
    get_bytes(&v, sizeof(T));
    return v;
  }
  void get_bytes(void* out, size_t n) {
    if (!ok || size_ - pos_ < n) { ok = false; std::memset(out, 0, n); return; }
    std::memcpy(out, data_ + pos_, n);
    pos_ += n;
  }
  bool at_end() const { return pos_ == size_; }
  bool ok = true;

 private:
  const uint8_t* data_;
  size_t size_, pos_ = 0;
};

}  // namespace hrl::atari
