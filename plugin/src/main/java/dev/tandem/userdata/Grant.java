package dev.tandem.userdata;

import dev.tandem.model.AccessSource;
import java.util.Comparator;

/**
 * One right a principal holds, flattened from whichever source defines it: the unit in which a diff says
 * who gained or lost what.
 *
 * @param resource what the right is on, e.g. {@code cluster:east}, {@code /data/billing/events},
 *     {@code billing.invoices}, {@code hdfs policy billing-data}, {@code queue root.billing}
 * @param right e.g. {@code CLUSTER.USER}, {@code acl r-x}, {@code SELECT}, {@code allow read}, {@code submit}
 */
public record Grant(Principal principal, AccessSource source, String resource, String right)
    implements Comparable<Grant> {
  private static final Comparator<Grant> ORDER = Comparator.comparing(Grant::principal)
      .thenComparing(Grant::source).thenComparing(Grant::resource).thenComparing(Grant::right);

  @Override
  public int compareTo(Grant o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return source + " " + resource + ": " + right;
  }
}
