package dev.tandem.userdata;

import java.util.List;

/**
 * Owner, group, permission bits and ACL of one protected directory as of a cut.
 *
 * @param permission four octal digits, sticky bit first ({@code 1777}); with an ACL, the group digit is the mask
 * @param acl the ACL entries beyond the permission bits, in HDFS's text form ({@code user:alice:r-x},
 *     {@code default:group::r-x}); empty for none
 */
public record PathAccess(String path, String owner, String group, String permission, List<String> acl) {
  public PathAccess {
    acl = List.copyOf(acl);
  }
}
