package dev.tandem.server.api;

import java.util.List;

public record VerificationDto(boolean ok, long entriesCompared, long checksumsCompared, List<String> mismatches) {}
