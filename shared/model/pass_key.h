#pragma once
// PassKey<T>: a constructor argument that only T can make.
//
// Classes whose objects come only from their own factory (open(), create(), start(): opening can
// fail, so the factory returns Result<std::unique_ptr<T>> or checks before constructing) used to
// keep their constructor private and write `std::unique_ptr<T>(new T(...))`. With the constructor
// public but taking a PassKey<T>, the factory says `std::make_unique<T>(PassKey<T>{}, ...)`: no
// bare `new`, and still nobody else can construct one.

namespace fieldseal {

template <class T> class PassKey {
    friend T;
    PassKey() = default; // user-declared, so `PassKey<T>{}` is no aggregate anyone could make
};

} // namespace fieldseal
