package dev.tandem.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON answer and where it came from, with strict accessors: a field a documented resource always has
 * but the answer lacks (or carries with the wrong type) fails with the call and the field named, never
 * with a default that would pass a partial answer off as a complete one.
 *
 * <p>Paths use the services' own notation, {@code Users/user_name}: each segment is one object field.
 */
public record JsonDoc(String where, JsonNode root) {

  public static JsonNode at(JsonNode node, String path) {
    JsonNode n = node;
    for (String part : path.split("/")) {
      n = n == null ? MissingNode.getInstance() : n.path(part);
    }
    return n;
  }

  public JsonNode object(JsonNode node, String path) {
    JsonNode n = path.isEmpty() ? node : at(node, path);
    if (!n.isObject()) {
      throw invalid(path, "an object");
    }
    return n;
  }

  public List<JsonNode> array(JsonNode node, String path) {
    JsonNode n = at(node, path);
    if (!n.isArray()) {
      throw invalid(path, "an array");
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  /** The documented collection wrapper: {@code {"items": [...]}}. */
  public List<JsonNode> items() {
    return array(root, "items");
  }

  public String text(JsonNode node, String path) {
    JsonNode n = at(node, path);
    if (!n.isTextual() || n.asText().isEmpty()) {
      throw invalid(path, "a non-empty string");
    }
    return n.asText();
  }

  /** A string field that may be absent or null; present, it must be a string. */
  public String optionalText(JsonNode node, String path, String absent) {
    JsonNode n = at(node, path);
    if (n.isMissingNode() || n.isNull()) {
      return absent;
    }
    if (!n.isTextual()) {
      throw invalid(path, "a string");
    }
    return n.asText();
  }

  public long number(JsonNode node, String path) {
    JsonNode n = at(node, path);
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isTextual() && n.asText().matches("-?\\d+")) {
      return Long.parseLong(n.asText());
    }
    throw invalid(path, "an integer");
  }

  public boolean bool(JsonNode node, String path) {
    JsonNode n = at(node, path);
    if (!n.isBoolean()) {
      throw invalid(path, "true or false");
    }
    return n.asBoolean();
  }

  public boolean optionalBool(JsonNode node, String path, boolean absent) {
    JsonNode n = at(node, path);
    return n.isMissingNode() || n.isNull() ? absent : bool(node, path);
  }

  /** Strings of an array field; absent or null means empty, any other element type is malformed. */
  public List<String> texts(JsonNode node, String path) {
    JsonNode n = at(node, path);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : array(node, path)) {
      if (!e.isTextual()) {
        throw invalid(path, "an array of strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  public RemoteServiceException invalid(String path, String expected) {
    return new RemoteServiceException("Malformed answer from " + where + ": '" + path + "' should be " + expected
        + " (partial or unexpected response)", 0);
  }

  public RemoteServiceException inconsistent(String what) {
    return new RemoteServiceException("Inconsistent answer from " + where + ": " + what, 0);
  }
}
