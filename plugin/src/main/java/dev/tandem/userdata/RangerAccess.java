package dev.tandem.userdata;

import dev.tandem.ranger.RangerPolicy;
import java.util.List;

/**
 * The Ranger policies that touch a group's paths or tables.
 *
 * @param notCarried policies that touch the scope but that Tandem cannot carry (masking, row filters,
 *     validity schedules, zones), with the reason: an operator re-creates them at the other site
 */
public record RangerAccess(List<Rule> policies, List<String> notCarried) {
  public RangerAccess {
    policies = List.copyOf(policies);
    notCarried = List.copyOf(notCarried);
  }

  /**
   * One policy, from the service of {@code serviceType} ({@code hdfs}, {@code hive}).
   *
   * @param owned every resource of the policy lies within the group's scope: the group owns it, and applying
   *     creates, updates and deletes it. A policy that also covers more (a parent directory, another
   *     database) is recorded for the diff, but an operator decides about it at the other site.
   */
  public record Rule(String serviceType, boolean owned, RangerPolicy policy) {}
}
