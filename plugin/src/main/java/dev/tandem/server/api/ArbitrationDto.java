package dev.tandem.server.api;

import java.util.List;

/**
 * A pair's arbitration as both registries show it: the highest epoch, each site's latest status, the settings,
 * the newest switch reports first, and the operation this server is carrying out on the pair (null if none).
 */
public record ArbitrationDto(String pair, EpochDto epoch, List<ArbitrationSiteDto> sites,
    ArbitrationSettingsDto settings, List<SwitchReportDto> reports, OperationDto operation) {}
