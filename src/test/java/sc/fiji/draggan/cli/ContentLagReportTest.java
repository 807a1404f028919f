package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.app.Outcomes;

/** {@code draggan drag} says plainly when the tracker reached the target but the content did not follow (docs/algorithm.md#content-lag). */
public class ContentLagReportTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final String WARNING = "the tracker reached the target, but the content moved 0.6 of 6.0 px (5.4 px from the target)";

	@Test
	public void aLaggingDragWarnsOnStderrAndInTheJson() throws Exception {
		final DragOutcome r = Outcomes.oneDrag(true, 1.2, 0.6);
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		DragCommand.report(r, new PrintStream(out, true, "UTF-8"), new PrintStream(err, true, "UTF-8"));
		final JsonObject j = JsonParser.parseString(out.toString("UTF-8").trim()).getAsJsonObject();
		assertTrue(j.get("content_lags").getAsBoolean());
		assertTrue(j.get("converged").getAsBoolean());
		assertEquals(1.2, j.get("final_distance_px").getAsDouble(), 1e-9);
		assertEquals(5.4, j.get("content_distance_px").getAsDouble(), 1e-9);
		assertEquals(0.6, j.get("content_moved_px").getAsDouble(), 1e-9);
		assertEquals("draggan: warning: " + WARNING, err.toString("UTF-8").trim());
	}

	@Test
	public void aDragWhoseContentFollowedDoesNotWarn() throws Exception {
		final DragOutcome r = Outcomes.oneDrag(true, 1.2, 4.5);
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		DragCommand.report(r, new PrintStream(out, true, "UTF-8"), new PrintStream(err, true, "UTF-8"));
		assertFalse(JsonParser.parseString(out.toString("UTF-8").trim()).getAsJsonObject().get("content_lags").getAsBoolean());
		assertEquals("", err.toString("UTF-8"));
		// the step limit: the drag says it did not arrive, which is no lag
		assertFalse(Outcomes.oneDrag(false, 5, 0.2).contentLags());
	}

	@Test
	public void theTraceCarriesTheFinalContentDistance() throws Exception {
		final Path trace = tmp.getRoot().toPath().resolve("trace.json");
		Outcomes.oneDrag(true, 1.2, 0.6).writeTrace(trace);
		final JsonObject j = JsonParser.parseString(new String(Files.readAllBytes(trace), StandardCharsets.UTF_8)).getAsJsonObject();
		assertEquals(40, j.getAsJsonArray("steps").size());
		assertEquals(6.0, j.get("initial_distance_px").getAsDouble(), 1e-9);
		assertEquals(5.4, j.get("content_distance_px").getAsDouble(), 1e-9);
		assertTrue(j.get("content_lags").getAsBoolean());
		assertEquals(WARNING, j.get("warning").getAsString());
		assertEquals("converged after 40 steps; tracked 1.20 px, content 5.40 px; " + WARNING, Outcomes.oneDrag(true, 1.2, 0.6).report());
	}
}
