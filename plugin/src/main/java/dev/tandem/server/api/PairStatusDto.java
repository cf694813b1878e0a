package dev.tandem.server.api;

import java.util.List;

/**
 * One pair of this site as its arbitration records it (read from the pair's registries, not from reachability).
 *
 * @param epoch the highest epoch either registry holds; null when neither answers or arbitration never ran
 * @param role this site's role as it last published it: ACTIVE, PROMOTING, FENCED, STANDBY, or NONE
 * @param arbiter the pair's state, judged from the epoch, both sites' published statuses and reachability
 * @param sites each site's latest published status, this site's first
 * @param verdict the newest arbiter endorsement; null when no arbiter endorses the pair now
 */
public record PairStatusDto(String pair, EpochDto epoch, String role, ArbiterDto arbiter, List<PairSiteDto> sites,
    VerdictDto verdict) {}
