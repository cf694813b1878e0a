package dev.tandem.view;

/** What the Tandem server answered, ready for either JAX-RS layer to turn into its Response. */
public final class ProxyResponse {
  private final int status;
  private final String contentType;
  private final byte[] body;

  public ProxyResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body;
  }
}
