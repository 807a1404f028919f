package sc.fiji.draggan.engine;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import com.sun.jna.Platform;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** {@link NativeHeap}: on Linux (glibc) it releases the free pages in the middle of the C heap, and arrays alive stay intact. */
public class NativeHeapTest {

	@Test
	public void trimReleasesFreePagesAndKeepsLiveArrays() {
		if (!Platform.isLinux()) {
			assertTrue("a no-op elsewhere", !NativeHeap.trim() || NativeHeap.canTrim());
			return;
		}
		assertTrue("glibc's malloc_trim is found on Linux", NativeHeap.canTrim());
		try (NDManager m = Djl.newManager(Device.cpu())) {
			// 64 KB blocks (below glibc's mmap threshold), every other one freed: free pages between live blocks, which
			// freeing cannot give back by itself
			final List<NDArray> blocks = new ArrayList<>();
			for (int i = 0; i < 512; i++) blocks.add(m.arange(0f, 16384f, 1f));
			for (int i = 0; i < blocks.size(); i += 2) blocks.get(i).close();
			assertTrue("pages were released", NativeHeap.trim());
			final float[] expected = new float[16384];
			for (int i = 0; i < expected.length; i++) expected[i] = i;
			for (int i = 1; i < blocks.size(); i += 2) assertArrayEquals(expected, blocks.get(i).toFloatArray(), 0f);
			assertTrue(m.ones(new ai.djl.ndarray.types.Shape(16384)).sum().getFloat() == 16384f);
		}
	}
}
