package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.CommandService;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import sc.fiji.draggan.app.DefaultModel;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.cli.DragCommand;
import sc.fiji.draggan.cli.Options;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.ij.DragOperation;
import sc.fiji.draggan.ij.GenerateOperation;
import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.ij.RunMonitor;
import sc.fiji.draggan.io.Npy;

/**
 * The same drag through the four doors — the command line, the Fiji command (CommandService), an
 * IJ1 macro call of the menu entry, and the toolbar tool's code path — gives the same trace
 * (tracked handles and losses of every step) and the same final latent, bit for bit: every entry
 * is an adapter over the one drag use case. Runs on the bundled default model (no fixtures needed).
 */
public class SameDragEverywhereTest {

	private static final String POINTS = "30,30>36,30";
	private static final int STEPS = 4;
	private static final double LR = 0.01;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static ModelRegistry registry;
	private static Path model;

	@BeforeClass
	public static void setUp() throws Exception {
		System.setProperty("java.awt.headless", "true");
		System.setProperty("ai.djl.offline", "true");
		registry = new ModelRegistry();
		model = DefaultModel.path();
	}

	@AfterClass
	public static void tearDown() {
		registry.close();
	}

	/** seed 3 of the default model, its latent attached. */
	private static ImagePlus generated() throws Exception {
		return GenerateOperation.run(model, 3, 0.7, "cpu", registry, new RunMonitor("test", false));
	}

	@Test
	public void everyEntryPointGivesTheSameTraceAndLatent() throws Exception {
		final ImagePlus start = generated();
		final float[] ws0 = Latent.of(start).ws;

		// 1. the command line
		final Path wsFile = tmp.getRoot().toPath().resolve("ws.npy"), trace = tmp.getRoot().toPath().resolve("trace.json"),
			wsOut = tmp.getRoot().toPath().resolve("ws_out.npy");
		Npy.writeFloat32(wsFile, new long[] { 1, Latent.of(start).numWs, Latent.of(start).wDim }, ws0);
		final ByteArrayOutputStream log = new ByteArrayOutputStream();
		assertEquals(0, new DragCommand().run(Options.parse("--model", model.toString(), "--ws", wsFile.toString(), "--points", POINTS, "--lr", Double
			.toString(LR), "--max-steps", Integer.toString(STEPS), "--device", "cpu", "--out", tmp.getRoot().toPath().resolve("out.tif").toString(),
			"--trace", trace.toString(), "--ws-out", wsOut.toString()), new PrintStream(log, true, "UTF-8")));
		final JsonObject cli = JsonParser.parseString(new String(Files.readAllBytes(trace), StandardCharsets.UTF_8)).getAsJsonObject();
		final float[] cliWs = Npy.read(wsOut).toFloats();

		// 2. the Fiji command through the CommandService
		final ImagePlus viaCommand;
		try (Context ctx = new Context(CommandService.class, DragGanService.class)) {
			viaCommand = (ImagePlus) ctx.service(CommandService.class).run(DragGanCommand.class, true, "imp", generated(), "model", model.toFile(),
				"points", POINTS, "mask", "none", "n_steps", STEPS, "lr", LR, "device", "cpu", "show_arrows", false).get().getOutput("result");
		}

		// 3. an IJ1 macro: run("Drag GAN...", options) calls the menu entry on a macro thread
		final ImagePlus viaMacro = macro("model=[" + model + "] points=[" + POINTS + "] mask=none n_steps=" + STEPS + " lr=" + LR + " device=cpu");

		// 4. the toolbar tool's code path (the drag it starts on a double-click)
		final ImagePlus inPlace = generated();
		final DragGanTool.Options o = DragGanTool.options();
		o.model = model.toString();
		o.steps = STEPS;
		o.lr = LR;
		o.device = "cpu";
		o.roiManagerMask = false;
		final List<PointPair> pairs = PointPair.parseList(POINTS);
		DragGanTool.drag(inPlace, DragGanTool.state(inPlace), pairs, null, new RunMonitor("test", false));

		assertEquals(STEPS, cli.getAsJsonArray("steps").size());
		for (final ImagePlus imp : new ImagePlus[] { viaCommand, viaMacro, inPlace }) {
			final String t = imp.getProp(DragOperation.TRACE_KEY);
			assertNotNull(imp.getTitle() + " has no trace", t);
			assertSameSteps(cli, JsonParser.parseString(t).getAsJsonObject());
			assertArrayEquals(imp.getTitle(), cliWs, Latent.of(imp).ws, 0f);
		}
	}

	/** Tracked handles and losses of every step equal; the step times ({@code ms}) differ by nature. */
	private static void assertSameSteps(final JsonObject expected, final JsonObject actual) {
		final JsonArray a = expected.getAsJsonArray("steps"), b = actual.getAsJsonArray("steps");
		assertEquals(a.size(), b.size());
		for (int i = 0; i < a.size(); i++) {
			final JsonObject x = a.get(i).getAsJsonObject(), y = b.get(i).getAsJsonObject();
			assertEquals("points at step " + i, x.get("points"), y.get("points"));
			for (final String k : new String[] { "loss_motion", "loss_mask", "loss_total", "stop" })
				assertEquals(k + " at step " + i, x.get(k), y.get(k));
		}
		assertEquals(expected.get("converged"), actual.get("converged"));
		// every entry point's trace ends with where the content went (docs/algorithm.md#content-lag)
		assertNotNull(actual.get("content_distance_px"));
		assertEquals(expected.get("content_distance_px"), actual.get("content_distance_px"));
		assertEquals(expected.get("content_lags"), actual.get("content_lags"));
	}

	/** {@code run("Drag GAN...", options)} on a fresh generated image, in batch mode; returns the result window's image. */
	private static ImagePlus macro(final String options) throws Exception {
		final ImagePlus source = generated();
		final ImagePlus[] result = new ImagePlus[1];
		final Throwable[] failure = new Throwable[1];
		final boolean batch = Interpreter.batchMode;
		Interpreter.batchMode = true;
		try {
			// ImageJ hands macro options to a plugin on a thread named "Run$_…", as IJ.run does
			final Thread t = new Thread(() -> {
				try {
					WindowManager.setTempCurrentImage(source);
					Macro.setOptions(Thread.currentThread(), options);
					new MenuEntry().run("drag");
					result[0] = WindowManager.getCurrentImage();
				}
				catch (final Throwable e) {
					failure[0] = e;
				}
				finally {
					Macro.setOptions(Thread.currentThread(), null);
				}
			}, "Run$_drag_test");
			t.start();
			t.join();
		}
		finally {
			Interpreter.batchMode = batch;
		}
		if (failure[0] != null) throw new AssertionError(failure[0]);
		assertNotNull("the macro made no result", result[0]);
		assertTrue(result[0].getTitle(), result[0] != source && result[0].getTitle().contains("Drag GAN"));
		return result[0];
	}

}
