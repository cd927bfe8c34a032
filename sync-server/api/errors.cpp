#include "errors.h"

#include <utility>

namespace fieldseal::server {

Error badRequest(std::string message) {
    return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, std::move(message)};
}

Error forbidden(std::string message) {
    return Error{ErrorDomain::Usage, ErrorCode::Forbidden, std::move(message)};
}

Error notFound(std::string message) {
    return validationError(ErrorCode::NotFound, std::move(message));
}

Error invalidInput(std::string message) {
    return validationError(ErrorCode::InvalidInput, std::move(message));
}

Error storeFailure(std::string message) {
    return Error{ErrorDomain::Store, ErrorCode::StoreFailure, std::move(message)};
}

} // namespace fieldseal::server
