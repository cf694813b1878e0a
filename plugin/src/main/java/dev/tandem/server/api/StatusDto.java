package dev.tandem.server.api;

import java.util.List;

/**
 * What monitoring needs, in one answer (the Ambari alert scripts read it).
 *
 * @param role {@code PRIMARY}, {@code SECONDARY} or {@code UNPAIRED}: this site's place in its pair's replication
 *     direction (a switchover or failover reverses it)
 * @param epoch the fencing epoch of this site's pair as its arbitration store records it (the first pair, by
 *     name, when the site has several; each is in {@code pairs}); 0 when this server does not run arbitration
 * @param peer the other site of this site's pair; null when unpaired
 * @param arbiter the state of this site's pair (the same pair as {@code epoch})
 * @param sites health of every known site
 * @param pairs every pair this site belongs to, with its epoch, roles and the arbiter's latest verdict; empty
 *     when this server does not run arbitration
 */
public record StatusDto(String site, String role, long epoch, PeerDto peer, ArbiterDto arbiter,
    List<GroupStatusDto> groups, List<SiteStatusDto> sites, List<PairStatusDto> pairs) {}
