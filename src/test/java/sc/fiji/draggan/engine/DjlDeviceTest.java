package sc.fiji.draggan.engine;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Assume;
import org.junit.Test;

/** device=gpu without a GPU: one short line that says which case it is and what to do; version says which natives were found. */
public class DjlDeviceTest {

	@Test
	public void bothGpuMessagesAreOneShortActionableLine() {
		for (final boolean cuda : new boolean[] { false, true }) {
			final String m = Djl.noGpuMessage(cuda);
			assertFalse(m, m.contains("\n"));
			assertTrue(m.length() + ": " + m, m.length() <= 200); // never clipped by the CLI's one-line failure
			assertTrue(m, m.contains("docs/gpu.md"));
		}
		assertTrue(Djl.noGpuMessage(false).contains("PYTORCH_LIBRARY_PATH="));
		assertTrue(Djl.noGpuMessage(true).contains("nvidia-smi"));
	}

	@Test
	public void gpuOnACpuOnlyEngineFailsWithTheNativesLine() {
		Assume.assumeTrue("a GPU is present", Djl.engine().getGpuCount() == 0);
		try {
			Djl.device("gpu");
			fail("device=gpu accepted without a GPU");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().equals(Djl.noGpuMessage(Djl.hasCudaNatives(Djl.engine()))));
		}
		final String d = Djl.describe();
		assertTrue(d, d.contains("cuda natives: "));
		assertTrue(d, d.contains("cpu threads: "));
		assertTrue(d, d.contains("openmp wait policy: "));
	}
}
