package dev.tandem.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Changes the secondary behind Tandem's back where no snapshot diff shows it: the file keeps its length, owner,
 * mode and mtime, and the secondary's sealed snapshot of the last good cut is taken again over the changed tree, so
 * neither RECOVER's drift check nor an incremental VERIFY sees it. Only a comparison with the primary does.
 */
public final class HiddenCorruption {
  private HiddenCorruption() {}

  /** Flips one bit of {@code file} (under {@code root}) on the secondary and re-takes {@code sealedSnapshot}. */
  public static void flipABit(DistributedFileSystem secondary, String root, String file, String sealedSnapshot)
      throws IOException {
    Path p = new Path(file);
    FileStatus before = secondary.getFileStatus(p);
    byte[] bytes = Trees.read(secondary, file).getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length / 2] ^= 0x20;
    Trees.write(secondary, file, bytes);
    secondary.setOwner(p, before.getOwner(), before.getGroup());
    secondary.setPermission(p, before.getPermission());
    secondary.setTimes(p, before.getModificationTime(), before.getAccessTime());
    reseal(secondary, root, sealedSnapshot);
  }

  /** Takes the secondary's snapshot {@code sealedSnapshot} of {@code root} again, over whatever the tree holds now. */
  public static void reseal(DistributedFileSystem secondary, String root, String sealedSnapshot) throws IOException {
    secondary.deleteSnapshot(new Path(root), sealedSnapshot);
    secondary.createSnapshot(new Path(root), sealedSnapshot);
  }
}
