package dev.tandem.userdata;

import java.util.List;
import java.util.Map;

/**
 * The group's tenants: every YARN queue of the capacity scheduler whose name is the group's tenant name,
 * with its sub-queues, capacities, ACLs and other settings, and the capacities of its siblings (a parent's
 * children must add up to 100%, so a tenant's capacity only makes sense next to theirs).
 */
public record Tenants(List<Tenant> tenants) {
  public Tenants {
    tenants = List.copyOf(tenants);
  }

  /**
   * @param queue the tenant's queue path, e.g. {@code root.billing}
   * @param siblings the other children of the parent → their {@code capacity} and {@code maximum-capacity}
   *     settings (attribute → value)
   * @param queues the tenant queue and its descendants, parents first
   */
  public record Tenant(String queue, Map<String, Map<String, String>> siblings, List<Queue> queues) {
    public Tenant {
      siblings = Map.copyOf(siblings);
      queues = List.copyOf(queues);
    }

    public String parent() {
      return queue.substring(0, queue.lastIndexOf('.'));
    }
  }

  /**
   * One queue and its own settings: {@code yarn.scheduler.capacity.<path>.<attribute>} as attribute → value
   * ({@code capacity}, {@code maximum-capacity}, {@code acl_submit_applications}, {@code queues}, ...).
   */
  public record Queue(String path, Map<String, String> settings) {
    public Queue {
      settings = Map.copyOf(settings);
    }
  }
}
