package dev.tandem.server.api;

import java.util.List;

/**
 * What monitoring needs, in one answer (the Ambari alert scripts read it).
 *
 * @param role {@code PRIMARY}, {@code SECONDARY} or {@code UNPAIRED}
 * @param epoch the fencing epoch (0 until the arbiter exists)
 * @param peer the other site of this site's pair; null when unpaired
 * @param sites health of every known site
 */
public record StatusDto(String site, String role, long epoch, PeerDto peer, ArbiterDto arbiter,
    List<GroupStatusDto> groups, List<SiteStatusDto> sites) {}
