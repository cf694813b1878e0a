package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;

/** Audit entries as a site's ZooKeeper holds them, read with a plain client (not through Tandem). */
final class AuditEntries {
  private AuditEntries() {}

  static List<JsonNode> inZooKeeper(String connect) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (CuratorFramework zk = CuratorFrameworkFactory.newClient(connect, new RetryOneTime(100))) {
      zk.start();
      if (zk.checkExists().forPath("/tandem/audit") == null) {
        return out;
      }
      for (String day : zk.getChildren().forPath("/tandem/audit")) {
        for (String node : zk.getChildren().forPath("/tandem/audit/" + day)) {
          out.add(Http.JSON.readTree(zk.getData().forPath("/tandem/audit/" + day + "/" + node)));
        }
      }
    }
    return out;
  }

  static JsonNode find(List<JsonNode> entries, String action, String user, int status) {
    return entries.stream().filter(e -> e.path("action").asText().equals(action)
            && e.path("user").asText().equals(user) && e.path("status").asInt() == status).findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " by " + user + " (" + status + ") in " + entries));
  }

  static boolean has(String connect, String action) throws Exception {
    return inZooKeeper(connect).stream().anyMatch(e -> e.path("action").asText().equals(action));
  }
}
