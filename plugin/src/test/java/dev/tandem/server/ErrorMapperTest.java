package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tandem.model.CommitStateUnknownException;
import dev.tandem.model.ConflictException;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.TandemException;
import dev.tandem.server.api.ErrorResponse;
import dev.tandem.server.api.GroupRequest;
import dev.tandem.server.error.AuthenticationRequiredException;
import dev.tandem.server.error.ForbiddenException;
import dev.tandem.server.error.TandemExceptionMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one exception → status table, row by row. */
class ErrorMapperTest {
  static Stream<Arguments> table() throws Exception {
    return Stream.of(
        Arguments.of(new InvalidInputException("retention", "Invalid retention: 0"), 422, "invalid_input", "retention"),
        Arguments.of(jackson("{\"retention\":\"x\"}"), 422, "invalid_input", "retention"),
        Arguments.of(jackson("{\"schedule\":{\"zone\":[1]}}"), 422, "invalid_input", "schedule.zone"),
        Arguments.of(jackson("{\"nmae\":\"x\"}"), 422, "invalid_input", "nmae"),
        Arguments.of(jackson("{\"retention\":99999999999}"), 422, "invalid_input", "retention"),
        Arguments.of(jackson("{\"retention\":1e400}"), 422, "invalid_input", "retention"),
        Arguments.of(jackson("{\"name\":"), 400, "malformed_request", null),
        Arguments.of(jackson("[1,2"), 400, "malformed_request", null),
        Arguments.of(new NotFoundException("Unknown group 'x'"), 404, "not_found", null),
        Arguments.of(new jakarta.ws.rs.NotFoundException(), 404, "not_found", null),
        Arguments.of(new ConflictException("busy"), 409, "conflict", null),
        Arguments.of(new AuthenticationRequiredException("who?", java.util.List.of("Negotiate")), 401, "unauthenticated", null),
        Arguments.of(new ForbiddenException("no"), 403, "forbidden", null),
        Arguments.of(new dev.tandem.server.error.MisdirectedRequestException("not me"), 421, "misdirected_request",
            null),
        Arguments.of(new dev.tandem.server.error.PayloadTooLargeException("too big"), 413, "payload_too_large", null),
        Arguments.of(new dev.tandem.server.error.TooManyRequestsException("slow down", java.time.Duration.ofSeconds(9)),
            429, "too_many_requests", null),
        Arguments.of(new jakarta.ws.rs.NotAllowedException("GET"), 405, "method_not_allowed", null),
        Arguments.of(new jakarta.ws.rs.NotSupportedException(), 415, "unsupported_media_type", null),
        Arguments.of(new PeerUnavailableException("west is down", null), 503, "unavailable", null),
        Arguments.of(new CommitStateUnknownException("lost", null), 503, "commit_state_unknown", null),
        Arguments.of(new TandemException("Corrupt registry node /tandem/x"), 500, "internal_error", null),
        Arguments.of(new NullPointerException("secret detail"), 500, "internal_error", null),
        Arguments.of(new jakarta.ws.rs.InternalServerErrorException("inner"), 500, "internal_error", null));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("table")
  void mapsEveryKindOfFailure(Throwable e, int status, String type, String field) {
    ErrorResponse r = TandemExceptionMapper.map(e, "GET /api/v1/x");
    assertThat(r.code()).isEqualTo(status);
    assertThat(r.type()).isEqualTo(type);
    assertThat(r.field()).isEqualTo(field);
    assertThat(r.message()).isNotBlank();
    if (status == 500) {
      assertThat(r.errorId()).matches("[0-9a-f]{16}");
      assertThat(r.message()).doesNotContain("secret", "Corrupt", "inner").contains(r.errorId());
    } else {
      assertThat(r.errorId()).isNull();
    }
  }

  private static JsonProcessingException jackson(String body) {
    try {
      TandemServer.apiMapper().readValue(body, GroupRequest.class);
      throw new AssertionError("parsed: " + body);
    } catch (JsonProcessingException e) {
      return e;
    }
  }
}
