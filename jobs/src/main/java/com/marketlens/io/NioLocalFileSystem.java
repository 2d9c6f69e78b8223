package com.marketlens.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system without a child process per file. Without Hadoop's native library (a
 * plain Maven or pip install has none), {@link RawLocalFileSystem} runs {@code chmod} for every
 * file and folder it creates and {@code readlink} for every rename through {@code FileContext}
 * (each Delta commit): about 3,300 processes in one sample run. This variant does both through
 * {@code java.nio} and is otherwise Hadoop's own code, with its checksum files. Local runs use it
 * ({@link com.marketlens.config.SparkSessions}); clusters keep their file systems. Sticky bits,
 * symbolic links and non-POSIX disks go to Hadoop's implementation.
 */
public final class NioLocalFileSystem extends LocalFileSystem {

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-free) layer: Hadoop's, with the two process-spawning calls replaced. */
  public static final class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(path).toPath();
      if (NativeIO.isAvailable()
          || permission.getStickyBit()
          || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        super.setPermission(path, permission);
        return;
      }
      Files.setPosixFilePermissions(
          file,
          PosixFilePermissions.fromString(
              permission.getUserAction().SYMBOL
                  + permission.getGroupAction().SYMBOL
                  + permission.getOtherAction().SYMBOL));
    }

    @Override
    public FileStatus getFileLinkStatus(Path path) throws IOException {
      // Hadoop's version asks readlink first; for anything but a link the answer is the plain
      // status.
      if (Files.isSymbolicLink(pathToFile(path).toPath())) {
        return super.getFileLinkStatus(path);
      }
      return getFileStatus(path);
    }
  }

  /** The same for {@code FileContext} (Delta's log store renames commit files through it). */
  public static final class Fs extends ChecksumFs {

    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** {@code FileContext}'s raw layer, as Hadoop's {@code RawLocalFs} but over {@link Raw}. */
  public static final class RawFs extends DelegateToFileSystem {

    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path path) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true; // as RawLocalFs: any name the local disk accepts
    }
  }
}
