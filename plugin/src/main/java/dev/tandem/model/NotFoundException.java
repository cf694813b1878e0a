package dev.tandem.model;

/** A named thing (site, pair, group, cut, run) does not exist. */
public class NotFoundException extends TandemException {
  public NotFoundException(String message) {
    super(message);
  }
}
