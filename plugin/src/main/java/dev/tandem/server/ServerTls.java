package dev.tandem.server;

import static dev.tandem.server.TandemProperties.SERVER_TLS_KEYSTORE_LOCATION;
import static dev.tandem.server.TandemProperties.SERVER_TLS_KEYSTORE_PASSWORD;
import static dev.tandem.server.TandemProperties.SERVER_TLS_KEYSTORE_TYPE;
import static dev.tandem.server.TandemProperties.SERVER_TLS_KEY_PASSWORD;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import dev.tandem.model.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server's TLS: its key and certificate from a keystore, TLS 1.2 and 1.3 only. Loaded when built, so a wrong
 * path, type or password stops the server before anything starts, naming the key to fix.
 */
public final class ServerTls {
  /** Protocols the listener accepts; TLS 1.0 and 1.1 never. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SSLContext context;

  private ServerTls(SSLContext context) {
    this.context = context;
  }

  /**
   * @param keyPassword the private key's password; null or empty: {@code storePassword}
   */
  public static ServerTls load(Path keystore, String type, char[] storePassword, char[] keyPassword) {
    InvalidInputException.check(keystore != null && !keystore.toString().isEmpty(), SERVER_TLS_KEYSTORE_LOCATION,
        "%s is required with tandem.server.tls.enabled=true", SERVER_TLS_KEYSTORE_LOCATION);
    KeyStore store = keyStore(keystore, type, storePassword, SERVER_TLS_KEYSTORE_LOCATION,
        SERVER_TLS_KEYSTORE_PASSWORD);
    char[] keyPw = keyPassword == null || keyPassword.length == 0 ? storePassword : keyPassword;
    try {
      InvalidInputException.check(Collections.list(store.aliases()).stream().anyMatch(a -> isKey(store, a)),
          SERVER_TLS_KEYSTORE_LOCATION, "Keystore %s (%s) holds no private key", keystore, SERVER_TLS_KEYSTORE_LOCATION);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, keyPw == null ? new char[0] : keyPw);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new ServerTls(context);
    } catch (UnrecoverableKeyException e) {
      throw new InvalidInputException(SERVER_TLS_KEY_PASSWORD, "The private key in " + keystore
          + " cannot be read with " + SERVER_TLS_KEY_PASSWORD + " (or, when that is empty, "
          + SERVER_TLS_KEYSTORE_PASSWORD + "): " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(SERVER_TLS_KEYSTORE_LOCATION, "Keystore " + keystore + " cannot be used: "
          + e.getMessage());
    }
  }

  /**
   * The client side: an SSL context that trusts the certificates of {@code truststore} (for the CLI and tests).
   * {@code field} and {@code passwordField} name what to fix in a message.
   */
  public static SSLContext trusting(Path truststore, String type, char[] password, String field,
      String passwordField) {
    KeyStore store = keyStore(truststore, type, password, field, passwordField);
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(field, "Truststore " + truststore + " cannot be used: " + e.getMessage());
    }
  }

  private static KeyStore keyStore(Path file, String type, char[] password, String field, String passwordField) {
    InvalidInputException.check(Files.isRegularFile(file) && Files.isReadable(file), field,
        "%s: no readable file %s", field, file);
    KeyStore store;
    try {
      store = KeyStore.getInstance(type == null || type.isBlank() ? KeyStore.getDefaultType() : type.trim());
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(SERVER_TLS_KEYSTORE_TYPE, "Unknown keystore type '" + type + "' ("
          + SERVER_TLS_KEYSTORE_TYPE + "): use PKCS12 or JKS");
    }
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password == null || password.length == 0 ? null : password);
      return store;
    } catch (IOException e) {
      // KeyStore reports a wrong password as an IOException caused by UnrecoverableKeyException
      String why = e.getCause() instanceof UnrecoverableKeyException ? "wrong password (" + passwordField + ")"
          : e.getMessage();
      throw new InvalidInputException(e.getCause() instanceof UnrecoverableKeyException ? passwordField : field,
          "Cannot read " + file + " (" + field + "): " + why);
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(field, "Cannot read " + file + " (" + field + "): " + e.getMessage());
    }
  }

  private static boolean isKey(KeyStore store, String alias) {
    try {
      return store.isKeyEntry(alias);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  SSLContext context() {
    return context;
  }

  /** Restricts every connection to {@link #PROTOCOLS}; no client certificate is asked for. */
  HttpsConfigurator configurator() {
    return new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = context.getDefaultSSLParameters();
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        p.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        p.setNeedClientAuth(false);
        params.setSSLParameters(p);
      }
    };
  }
}
