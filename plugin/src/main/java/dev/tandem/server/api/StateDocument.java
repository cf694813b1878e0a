package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/**
 * Tandem's own state as one document: sites, pairs, protection groups and each pair's arbitration settings, in the
 * shapes of the REST create calls. Holds no secrets (the registry holds none: passwords, keytabs and the users file
 * stay in each server's configuration). Not in it: cut records, run history, last good cuts, epochs and locks,
 * which are rebuilt from the other site's registry and from the HDFS snapshots (see the README).
 *
 * @param format always {@value #FORMAT}
 * @param version the document's format version, {@value #VERSION}; an import refuses versions it does not know
 */
public record StateDocument(String format, Integer version, Instant exportedAt, String exportedFrom,
    List<StateSiteDto> sites, List<PairRequest> pairs, List<GroupRequest> groups, List<PairSettingsDto> settings) {
  public static final String FORMAT = "tandem-state";
  public static final int VERSION = 1;
}
