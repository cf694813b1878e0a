package dev.tandem.ambari;

/** One instance of a component on one host ({@code HostRoles}). */
public record AmbariHostComponent(String host, String component, String state) {}
