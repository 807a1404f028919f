package sc.fiji.draggan.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;

import org.junit.Test;

/** The thread policy as a pure function of cores, load of other programs and overrides; the /proc readings it uses. */
public class ThreadPolicyTest {

	private static ThreadPolicy.Choice auto(final int cores, final double others) {
		return ThreadPolicy.choose(cores, others, false, ThreadPolicy.Overrides.NONE);
	}

	@Test
	public void sleepingIdleThreadsTakeEveryCoreEvenUnderLoad() {
		final ThreadPolicy.Choice c = ThreadPolicy.choose(2, 1.3, true, ThreadPolicy.Overrides.NONE);
		assertEquals(2, c.threads);
		assertEquals("automatic", c.source);
		assertTrue(c.toString(), c.toString().contains("idle threads sleep"));
		assertEquals(8, ThreadPolicy.choose(8, 12.0, true, ThreadPolicy.Overrides.NONE).threads);
		assertEquals("an override still wins", 3, ThreadPolicy.choose(8, 0, true, new ThreadPolicy.Overrides(3, null, null, null)).threads);
	}

	@Test
	public void quietMachineUsesEveryCore() {
		assertEquals(2, auto(2, 0).threads);
		assertEquals(8, auto(8, 0.2).threads);
		assertEquals("automatic", auto(8, 0.2).source);
	}

	@Test
	public void busyCoresAreLeftToOtherPrograms() {
		assertEquals(1, auto(2, 1.0).threads);
		assertEquals(5, auto(8, 3.2).threads);
		assertEquals(5, auto(8, 3.5).threads); // 4.5 free rounds half up
		assertEquals(4, auto(8, 3.6).threads);
		assertEquals(1, auto(2, 0.6).threads); // 1.4 free -> 1
		assertEquals(2, auto(2, 0.4).threads); // 1.6 free -> 2
	}

	@Test
	public void atLeastOneThreadAtMostTheCores() {
		assertEquals(1, auto(2, 2.0).threads);
		assertEquals(1, auto(2, 12.0).threads);
		assertEquals(1, auto(1, 0).threads);
		assertEquals(1, auto(0, 0).threads);
	}

	@Test
	public void unknownLoadUsesEveryCore() {
		assertEquals(4, auto(4, Double.NaN).threads);
		assertTrue(auto(4, Double.NaN).toString(), auto(4, Double.NaN).toString().contains("unknown"));
	}

	@Test
	public void overridesWinInOrder() {
		assertEquals(3, ThreadPolicy.choose(2, 2.0, false, new ThreadPolicy.Overrides(3, "5", "6", "7")).threads);
		assertEquals(5, ThreadPolicy.choose(2, 2.0, false, new ThreadPolicy.Overrides(null, "5", "6", "7")).threads);
		assertEquals(6, ThreadPolicy.choose(2, 2.0, false, new ThreadPolicy.Overrides(null, null, "6", "7")).threads);
		final ThreadPolicy.Choice omp = ThreadPolicy.choose(2, 2.0, false, new ThreadPolicy.Overrides(null, null, null, "7,2"));
		assertEquals(7, omp.threads);
		assertEquals("OMP_NUM_THREADS", omp.source);
		// a blank DRAGGAN_THREADS and an unusable OMP_NUM_THREADS leave the automatic choice
		assertEquals(1, ThreadPolicy.choose(2, 2.0, false, new ThreadPolicy.Overrides(null, null, " ", "many")).threads);
		assertEquals(2, ThreadPolicy.choose(2, 0, false, new ThreadPolicy.Overrides(null, null, null, "0")).threads);
	}

	@Test
	public void badOverridesAreRefusedWithTheirName() {
		for (final ThreadPolicy.Overrides o : Arrays.asList(new ThreadPolicy.Overrides(0, null, null, null),
			new ThreadPolicy.Overrides(null, "two", null, null), new ThreadPolicy.Overrides(null, null, "-1", null)))
		{
			try {
				ThreadPolicy.choose(2, 0, false, o);
				fail("accepted a bad override");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().matches("(--threads|ai.djl.pytorch.num_threads|DRAGGAN_THREADS) must be .*"));
			}
		}
	}

	@Test
	public void readsProcStat() {
		final CpuLoad.Reading a = CpuLoad.parse(Arrays.asList("cpu  100 0 50 800 50 0 0 0 0 0", "cpu0 1 2 3 4", "cpu1 1 2 3 4", "intr 5"),
			"42 (java main) S 1 2 3 4 5 6 7 8 9 10 20 30 0 0", 0);
		assertEquals(150, a.busy);
		assertEquals(1000, a.total);
		assertEquals(50, a.own);
		assertEquals(2, a.cpus);
		// 200 ticks of wall time per cpu later: the machine was busy 300 ticks, this process 100 of them
		final CpuLoad.Reading b = CpuLoad.parse(Arrays.asList("cpu  350 0 100 900 50 0 0 0 0 0", "cpu0 1", "cpu1 1"),
			"42 (java main) S 1 2 3 4 5 6 7 8 9 10 90 60 0 0", 1);
		assertEquals(1.0, CpuLoad.othersBusy(a, b, 2), 1e-9);
		assertEquals(0.5, CpuLoad.othersBusy(a, b, 1), 1e-9); // one of the two cpus is ours
		assertTrue(Double.isNaN(CpuLoad.othersBusy(a, a, 2)));
		// where /proc exists, a real reading parses
		if (new java.io.File("/proc/stat").exists()) assertTrue(CpuLoad.read() != null);
	}
}
