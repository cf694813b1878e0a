package dev.tandem.server.api;

import java.util.List;

/** Result of probing both sites of a pair now. */
public record PairConnectivityDto(String pair, boolean ok, List<ConnectivityDto> sites) {}
