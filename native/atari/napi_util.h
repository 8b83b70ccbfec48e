// What the Atari N-API files share: throwing an error (the addon is built without C++ exceptions) and reading the
// object an External handle holds.
#pragma once
#include <napi.h>

#include <string>

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

}  // namespace hrl::atari
