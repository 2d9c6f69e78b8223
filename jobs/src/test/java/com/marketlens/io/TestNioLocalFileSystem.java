package com.marketlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system the local runs use: Hadoop's behaviour, without a child process per call.
 */
class TestNioLocalFileSystem {

  @TempDir java.nio.file.Path dir;

  private static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  @Test
  void setsPermissionsThroughJavaNio() throws Exception {
    FileSystem fs = FileSystem.get(dir.toUri(), conf());
    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
    Path file = new Path(dir.toUri().toString(), "a/b.txt");
    try (OutputStream out =
        fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b.txt"))))
        .isEqualTo("rw-r-----");
    fs.setPermission(file, new FsPermission((short) 0604));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b.txt"))))
        .isEqualTo("rw----r--");
    // Hadoop's checksum file is still written beside the data.
    assertThat(dir.resolve("a/.b.txt.crc")).exists();
  }

  @Test
  void linkStatusIsHadoopsForFilesFoldersLinksAndMissingPaths() throws Exception {
    FileSystem ours = FileSystem.get(dir.toUri(), conf());
    RawLocalFileSystem hadoops = new RawLocalFileSystem();
    hadoops.initialize(dir.toUri(), new Configuration());
    Files.writeString(dir.resolve("target.txt"), "abc");
    Files.createDirectory(dir.resolve("folder"));
    Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("target.txt"));
    for (String name : List.of("target.txt", "folder", "link.txt")) {
      for (Path path :
          List.of(new Path(dir.resolve(name).toUri()), new Path(dir.resolve(name).toString()))) {
        FileStatus expected = hadoops.getFileLinkStatus(path);
        FileStatus actual = ours.getFileLinkStatus(path);
        assertThat(actual.isSymlink()).as(path.toString()).isEqualTo(expected.isSymlink());
        assertThat(actual.isDirectory()).as(path.toString()).isEqualTo(expected.isDirectory());
        assertThat(actual.getLen()).as(path.toString()).isEqualTo(expected.getLen());
        assertThat(actual.getPath()).as(path.toString()).isEqualTo(expected.getPath());
        if (expected.isSymlink()) {
          assertThat(actual.getSymlink()).isEqualTo(expected.getSymlink());
        }
      }
    }
    assertThat(hadoops.getFileLinkStatus(new Path(dir.resolve("link.txt").toString())).isSymlink())
        .isTrue();
    assertThatThrownBy(() -> ours.getFileLinkStatus(new Path(dir.resolve("missing").toUri())))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void fileContextRenameKeepsItsNoOverwriteGuarantee() throws Exception {
    // Delta commits a log entry by renaming a temporary file without overwrite: the rename must
    // fail when
    // another writer has committed that version first.
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf());
    assertThat(fc.getDefaultFileSystem()).isInstanceOf(NioLocalFileSystem.Fs.class);
    Files.writeString(dir.resolve("tmp.json"), "new");
    Files.writeString(dir.resolve("00001.json"), "committed");
    assertThatThrownBy(
            () ->
                fc.rename(
                    new Path(dir.resolve("tmp.json").toUri()),
                    new Path(dir.resolve("00001.json").toUri()),
                    Options.Rename.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
    fc.rename(
        new Path(dir.resolve("tmp.json").toUri()),
        new Path(dir.resolve("00002.json").toUri()),
        Options.Rename.NONE);
    assertThat(dir.resolve("00002.json")).hasContent("new");
    assertThat(dir.resolve("00001.json")).hasContent("committed");
  }
}
