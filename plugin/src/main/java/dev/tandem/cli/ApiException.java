package dev.tandem.cli;

import dev.tandem.server.api.ErrorResponse;

/** The server answered with an error; {@code error} is its body (or a stand-in when the body was not JSON). */
final class ApiException extends RuntimeException {
  private final ErrorResponse error;

  ApiException(ErrorResponse error) {
    super(error.message() + (error.field() == null ? "" : " (field " + error.field() + ")"));
    this.error = error;
  }

  ErrorResponse error() {
    return error;
  }

  int status() {
    return error.code();
  }
}
