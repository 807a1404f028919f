package sc.fiji.draggan.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AtomicFilesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private long temporaries(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.SUFFIX)).count();
		}
	}

	@Test
	public void replacesTheTargetAndLeavesNoTemporary() throws IOException {
		final Path dir = tmp.getRoot().toPath();
		final Path f = dir.resolve("sub").resolve("a.bin");
		AtomicFiles.write(f, new byte[] { 1, 2, 3 });
		AtomicFiles.write(f, new byte[] { 4, 5 });
		assertArrayEquals(new byte[] { 4, 5 }, Files.readAllBytes(f));
		assertEquals(0, temporaries(f.getParent()));
	}

	@Test
	public void aFailedWriteKeepsThePreviousFile() throws IOException {
		final Path f = tmp.getRoot().toPath().resolve("keep.bin");
		AtomicFiles.write(f, new byte[] { 7 });
		try {
			AtomicFiles.write(f, (AtomicFiles.StreamContent) out -> {
				out.write(new byte[100]);
				throw new IOException("disk full");
			});
			fail();
		}
		catch (final IOException e) {
			assertEquals("disk full", e.getMessage());
		}
		assertArrayEquals(new byte[] { 7 }, Files.readAllBytes(f));
		assertEquals(0, temporaries(f.getParent()));
	}

	@Test
	public void staleTemporariesOfAKilledRunAreRemovedByTheNextWrite() throws IOException {
		final Path dir = tmp.getRoot().toPath();
		final Path old = dir.resolve(".x.tif.1234" + AtomicFiles.SUFFIX), recent = dir.resolve(".y.tif.99" + AtomicFiles.SUFFIX);
		Files.write(old, new byte[10]);
		Files.write(recent, new byte[10]);
		Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L));
		AtomicFiles.write(dir.resolve("z.bin"), new byte[1]);
		assertFalse("an hour-old temporary is an orphan", Files.exists(old));
		assertTrue("a recent one may belong to a running write", Files.exists(recent));
	}

	@Test
	public void foldersAndReadOnlyTargetsAreReportedBeforeWork() throws IOException {
		final Path dir = tmp.newFolder("d").toPath();
		try {
			AtomicFiles.checkWritable(dir);
			fail();
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("folder"));
		}
		final File ro = tmp.newFolder("ro");
		if (ro.setWritable(false) && !Files.isWritable(ro.toPath())) { // not as root
			try {
				AtomicFiles.checkWritable(ro.toPath().resolve("out.tif"));
				fail();
			}
			catch (final IOException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("cannot write"));
			}
		}
		AtomicFiles.checkWritable(dir.resolve("new.tif"));
		assertEquals(0, temporaries(dir));
	}
}
