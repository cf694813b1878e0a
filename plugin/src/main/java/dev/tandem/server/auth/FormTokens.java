package dev.tandem.server.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * CSRF tokens for Tandem's own HTML forms, which cannot send {@value CsrfFilter#HEADER} when the browser submits
 * them without JavaScript. A signed double submit: the browser holds a random nonce in the cookie {@value #COOKIE}
 * ({@code HttpOnly}, {@code SameSite=Strict}, so another site can neither read it nor make the browser send it),
 * and every form carries the field {@value #FIELD} = HMAC-SHA256(server key, nonce). A forged form from another
 * site has no valid pair. The key is random per server process: forms rendered by a server that has restarted
 * since are refused, and the page offers them again.
 *
 * <p>Through the Ambari View the cookie never reaches the browser (the proxy passes no cookies), and none is
 * needed: the proxy sends {@value CsrfFilter#HEADER} itself and Ambari demands it of the browser.
 */
public final class FormTokens {
  public static final String COOKIE = "tandem-csrf";
  public static final String FIELD = "csrf";
  /** Forms are small; a larger body is not read to look for a token. */
  static final int MAX_FORM_BYTES = 256 * 1024;
  private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  public FormTokens() {
    key = new byte[32];
    RANDOM.nextBytes(key);
  }

  /** The nonce the browser already holds, or null when it holds none (or a malformed one). */
  public static String nonce(Cookie cookie) {
    return cookie != null && cookie.getValue() != null && NONCE.matcher(cookie.getValue()).matches()
        ? cookie.getValue() : null;
  }

  public static String newNonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * The cookie that hands {@code nonce} to the browser, for the pages under {@code path}; {@code secure} (under
   * TLS) keeps the browser from ever sending it over plain HTTP.
   */
  public static NewCookie cookie(String nonce, String path, boolean secure) {
    return new NewCookie.Builder(COOKIE).value(nonce).path(path).httpOnly(true).secure(secure)
        .sameSite(NewCookie.SameSite.STRICT).build();
  }

  /** The form field value that goes with {@code nonce}. */
  public String token(String nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Whether {@code request} is an HTML form post carrying the token of its own cookie. Reads (and buffers, so the
   * resource can read it again) the body only of a small {@code application/x-www-form-urlencoded} request.
   */
  boolean accepts(ContainerRequestContext request) {
    String nonce = nonce(request.getCookies().get(COOKIE));
    MediaType type = request.getMediaType();
    if (nonce == null || type == null || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)
        || request.getLength() < 0 || request.getLength() > MAX_FORM_BYTES
        || !(request instanceof ContainerRequest container)) {
      return false;
    }
    container.bufferEntity();
    Form form = container.readEntity(Form.class);
    List<String> sent = form == null ? null : form.asMap().get(FIELD);
    if (sent == null || sent.size() != 1 || sent.get(0) == null) {
      return false;
    }
    return MessageDigest.isEqual(token(nonce).getBytes(StandardCharsets.US_ASCII),
        sent.get(0).getBytes(StandardCharsets.US_ASCII));
  }
}
