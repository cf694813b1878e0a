package dev.tandem.server;

import dev.tandem.server.error.PayloadTooLargeException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses (413) a request body larger than {@code max} bytes, before anything reads it: at once when
 * {@code Content-Length} says so, else (chunked, or a length that lies) as soon as the reader has read one byte
 * more than the limit. The message names the limit and {@link TandemProperties#SERVER_MAX_REQUEST_BYTES}.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 150)
final class RequestSizeFilter implements ContainerRequestFilter {
  private final long max;

  RequestSizeFilter(long max) {
    this.max = max;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String length = request.getHeaderString("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        declared = -1;  // the container rejects a malformed length itself; count what arrives
      }
      if (declared > max) {
        throw tooLarge(" of " + declared + " bytes");
      }
    }
    request.setEntityStream(new Limited(request.getEntityStream()));
  }

  private PayloadTooLargeException tooLarge(String what) {
    return new PayloadTooLargeException("Request body" + what + " is larger than the limit of " + max
        + " bytes (" + TandemProperties.SERVER_MAX_REQUEST_BYTES + ")");
  }

  /** Counts what is read; one byte past the limit is an error, whatever the reader does with it. */
  private final class Limited extends FilterInputStream {
    private long read;

    Limited(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) {
      read += n;
      if (read > max) {
        throw tooLarge("");
      }
    }
  }
}
