// What the Atari N-API files share: throwing an error (the addon is built without C++ exceptions), reading the
// object an External handle holds, and handing bytes to JS.
#pragma once
#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

namespace hrl::atari {

// Throws `message` as a JavaScript Error; returns undefined for the callback to return.
inline Napi::Value fail(Napi::Env env, const std::string& message) {
  Napi::Error::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

// The T an External made by this addon holds, or null when `v` is not an External.
template <class T>
T* external_of(const Napi::Value& v) {
  return v.IsExternal() ? v.As<Napi::External<T>>().Data() : nullptr;
}

// A fresh Uint8Array holding a copy of `bytes` (save states).
inline Napi::Uint8Array to_uint8_array(Napi::Env env, const std::vector<uint8_t>& bytes) {
  Napi::Uint8Array out = Napi::Uint8Array::New(env, bytes.size());
  if (!bytes.empty()) std::memcpy(out.Data(), bytes.data(), bytes.size());
  return out;
}

}  // namespace hrl::atari
