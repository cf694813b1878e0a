package dev.tandem.server.api;

/** The caller as the server sees it. {@code via}: none, basic, view. */
public record WhoAmIDto(String user, String role, String via) {}
