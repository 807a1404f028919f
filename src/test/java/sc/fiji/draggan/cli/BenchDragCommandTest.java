package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

/** {@code draggan bench drag} runs and reports its figures (no timing assertions). */
public class BenchDragCommandTest {

	@Test
	public void reportsMedianStepTimeAndPeakMemory() throws Exception {
		System.setProperty("ai.djl.offline", "true");
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		final int status = BenchDragCommand.run(new String[] { "--arch", "small64", "--mask", "--steps", "3", "--every",
			"2", "--device", "cpu" }, new PrintStream(b, true, "UTF-8"));
		final String out = new String(b.toByteArray(), StandardCharsets.UTF_8);
		assertEquals(out, 0, status);
		assertTrue(out, out.contains("mask yes"));
		assertTrue(out, out.matches("(?s).*median step \\d+ ms \\(with image \\d+ ms, features only \\d+ ms\\).*peak resident memory \\d+ MB.*"));
	}
}
