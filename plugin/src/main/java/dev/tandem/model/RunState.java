package dev.tandem.model;

public enum RunState {
  RUNNING, SUCCEEDED, FAILED;

  public boolean finished() {
    return this != RUNNING;
  }
}
