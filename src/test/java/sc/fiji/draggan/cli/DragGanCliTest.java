package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.Test;

public class DragGanCliTest {

	static final class Run {
		int status;
		String out, err;
	}

	static Run run(final String... args) throws Exception {
		final ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		final Run r = new Run();
		r.status = new DragGanCli().run(args, new PrintStream(o, true, "UTF-8"), new PrintStream(e, true, "UTF-8"));
		r.out = o.toString("UTF-8");
		r.err = e.toString("UTF-8");
		return r;
	}

	@Test
	public void unknownCommandIsOneLineAndStatus2() throws Exception {
		final Run r = run("frobnicate");
		assertEquals(2, r.status);
		assertEquals(1, r.err.trim().split("\n").length);
		assertTrue(r.err, r.err.contains("unknown command 'frobnicate'"));
	}

	@Test
	public void helpListsTheVerbs() throws Exception {
		final Run r = run("help");
		assertEquals(0, r.status);
		assertTrue(r.out, r.out.contains("version"));
	}

	@Test
	public void unknownOptionIsRejected() throws Exception {
		final Run r = run("version", "--colour", "blue");
		assertEquals(2, r.status);
		assertTrue(r.err, r.err.contains("unknown option --colour"));
	}

	@Test
	public void threadsIsAGlobalOptionOfEveryVerb() throws Exception {
		final java.util.List<String> args = new java.util.ArrayList<>(java.util.Arrays.asList("--steps", "3", "--threads", "1", "--threads=2", "x"));
		assertEquals(Integer.valueOf(2), DragGanCli.takeThreads(args));
		assertEquals(java.util.Arrays.asList("--steps", "3", "x"), args);
		assertEquals(null, DragGanCli.takeThreads(new java.util.ArrayList<>(java.util.Arrays.asList("--steps", "3"))));
		final Run r = run("version", "--threads", "1");
		assertEquals(r.err, 0, r.status);
		assertTrue(r.out, r.out.contains("cpu threads: 1 (--threads"));
		assertEquals("the request ends with the command", null, sc.fiji.draggan.engine.CpuThreads.requested());
		for (final String bad : new String[] { "-1", "two" }) {
			final Run b = run("version", "--threads", bad);
			assertEquals(2, b.status);
			assertTrue(b.err, b.err.contains("--threads"));
		}
	}

	@Test
	public void optionsParseBothForms() {
		final Options o = Options.parse("--a", "1", "--b=x y", "pos");
		assertEquals(1, o.getInt("a", 0));
		assertEquals("x y", o.get("b", null));
		assertEquals("pos", o.positional(0, "p"));
		o.finish();
	}

	@Test(expected = UsageException.class)
	public void badNumberIsAUsageError() {
		Options.parse("--steps", "many").getInt("steps", 1);
	}
}
