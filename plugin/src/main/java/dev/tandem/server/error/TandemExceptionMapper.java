package dev.tandem.server.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tandem.model.CommitStateUnknownException;
import dev.tandem.model.ConflictException;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.server.api.ErrorResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from exceptions to HTTP statuses. Bodies are {@link ErrorResponse}; a 500 carries an error id
 * that is logged together with the stack trace, and nothing of the trace reaches the caller.
 */
public final class TandemExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = LoggerFactory.getLogger(TandemExceptionMapper.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Context
  private UriInfo uriInfo;

  @Context
  private Request request;

  @Override
  public Response toResponse(Throwable e) {
    ErrorResponse body = map(e, describeRequest());
    if (body.code() >= 500 && body.errorId() != null) {
      LOG.error("Internal error {} while handling {}", body.errorId(), describeRequest(), e);
    } else if (body.code() >= 500) {
      LOG.warn("{} answered {}: {}", describeRequest(), body.code(), body.message());
    } else {
      LOG.debug("{} answered {}: {}", describeRequest(), body.code(), body.message());
    }
    Response.ResponseBuilder response = Response.status(body.code()).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    if (e instanceof AuthenticationRequiredException auth) {
      auth.challenges().forEach(c -> response.header(HttpHeaders.WWW_AUTHENTICATE, c));
    }
    if (e instanceof TooManyRequestsException busy) {
      response.header(HttpHeaders.RETRY_AFTER, busy.retryAfterSeconds());
    }
    if (e instanceof WebApplicationException wae && wae.getResponse().getStatus() == 405) {
      String allow = wae.getResponse().getAllowedMethods().stream().sorted().collect(Collectors.joining(", "));
      if (!allow.isEmpty()) {
        response.header(HttpHeaders.ALLOW, allow);
      }
    }
    return response.build();
  }

  /** The table itself, free of HTTP plumbing so that it can be tested row by row. */
  public static ErrorResponse map(Throwable e, String requestLine) {
    if (e instanceof InvalidInputException iie) {
      return new ErrorResponse(422, "invalid_input", iie.getMessage(), iie.field(), null);
    }
    if (e instanceof UnrecognizedPropertyException upe) {
      String field = path(upe);
      return new ErrorResponse(422, "invalid_input", "Unknown field '" + field + "'", field, null);
    }
    if (e instanceof InvalidFormatException ife && !ife.getPath().isEmpty()) {
      String field = path(ife);
      return new ErrorResponse(422, "invalid_input", "Invalid value for '" + field + "': "
          + printable(String.valueOf(ife.getValue())) + " (expected " + typeName(ife.getTargetType()) + ")", field, null);
    }
    if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
      String field = path(mie);
      return new ErrorResponse(422, "invalid_input", "Invalid value for '" + field + "' (expected "
          + typeName(mie.getTargetType()) + ")", field, null);
    }
    // A number too large for its field is the value's fault, not the JSON's. Every request body is a record, whose
    // creator wraps the parser's coercion failure with the field's path.
    if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()
        && jme.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException ice) {
      return new ErrorResponse(422, "invalid_input", "Invalid value for '" + path(jme) + "': out of range (expected "
          + typeName(ice.getTargetType()) + ")", path(jme), null);
    }
    if (e instanceof JsonProcessingException jpe) {
      String where = jpe.getLocation() == null ? ""
          : " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
      return new ErrorResponse(400, "malformed_request", "Request body is not valid JSON" + where, null, null);
    }
    if (e instanceof NotFoundException) {
      return new ErrorResponse(404, "not_found", e.getMessage(), null, null);
    }
    if (e instanceof ConflictException) {
      return new ErrorResponse(409, "conflict", e.getMessage(), null, null);
    }
    if (e instanceof AuthenticationRequiredException) {
      return new ErrorResponse(401, "unauthenticated", e.getMessage(), null, null);
    }
    if (e instanceof ForbiddenException) {
      return new ErrorResponse(403, "forbidden", e.getMessage(), null, null);
    }
    if (e instanceof TooManyRequestsException) {
      return new ErrorResponse(429, "too_many_requests", e.getMessage(), null, null);
    }
    if (e instanceof MisdirectedRequestException) {
      return new ErrorResponse(421, "misdirected_request", e.getMessage(), null, null);
    }
    if (e instanceof PayloadTooLargeException) {
      return new ErrorResponse(413, "payload_too_large", e.getMessage(), null, null);
    }
    if (e instanceof PeerUnavailableException) {
      return new ErrorResponse(503, "unavailable", e.getMessage(), null, null);
    }
    if (e instanceof CommitStateUnknownException) {
      return new ErrorResponse(503, "commit_state_unknown", e.getMessage(), null, null);
    }
    if (e instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
      return fromStatus(wae.getResponse().getStatus(), requestLine);
    }
    String id = HexFormat.of().formatHex(randomId());
    return new ErrorResponse(500, "internal_error", "Internal error; it has been logged with id " + id, null, id);
  }

  private static ErrorResponse fromStatus(int status, String requestLine) {
    return switch (status) {
      case 404 -> new ErrorResponse(404, "not_found", "No such resource: " + requestLine, null, null);
      case 405 -> new ErrorResponse(405, "method_not_allowed", "Method not allowed: " + requestLine, null, null);
      case 406 -> new ErrorResponse(406, "not_acceptable", "This endpoint answers application/json only", null, null);
      case 415 -> new ErrorResponse(415, "unsupported_media_type", "Send the request body as application/json",
          null, null);
      default -> new ErrorResponse(status, "malformed_request", "Bad request: " + requestLine, null, null);
    };
  }

  private static byte[] randomId() {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    return id;
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      }
    }
    return b.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }

  private static String printable(String value) {
    String cleaned = value.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() <= 80 ? "'" + cleaned + "'" : "'" + cleaned.substring(0, 77) + "...'";
  }

  private String describeRequest() {
    try {
      return request.getMethod() + " /" + uriInfo.getPath();
    } catch (RuntimeException e) {
      return "request"; // outside a request scope (unit tests)
    }
  }
}
