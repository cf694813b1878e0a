package dev.tandem.server.api;

/** One thing a DR test checked: what, whether it held, the detail (numbers, or what went wrong). */
public record DrTestCheckDto(String name, boolean ok, String detail) {}
