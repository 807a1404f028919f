package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.util.Map;

import org.junit.Test;

import sc.fiji.draggan.app.DragOptions;
import sc.fiji.draggan.app.DragRequest;
import sc.fiji.draggan.app.Parameter;
import sc.fiji.draggan.cli.DragCommand;
import sc.fiji.draggan.invert.InversionParameters;

/**
 * Every entry point of a drag agrees with the one definition of each parameter ({@link DragOptions}):
 * the Fiji command's fields (name, default, min, choices), the macro keys and the values a macro
 * gets when it leaves a key out, the command line's usage (option and default), the tool's
 * options and the core request.
 */
public class ParameterConsistencyTest {

	@Test
	public void fijiCommandFieldsAreTheDefinitions() throws Exception {
		final DragGanCommand command = new DragGanCommand();
		for (final Parameter<?> p : DragOptions.ALL) {
			final Field f = DragGanCommand.class.getDeclaredField(p.key);
			final org.scijava.plugin.Parameter a = f.getAnnotation(org.scijava.plugin.Parameter.class);
			assertNotNull(p.key + " is no @Parameter", a);
			f.setAccessible(true);
			final Object v = f.get(command);
			if (p == DragOptions.MODEL) assertNull("model: empty means the bundled default", v);
			else assertEquals(p.key + " default", p.defaultValue, v);
			assertEquals(p.key + " min", p.min == null ? "" : number(p.min), a.min());
			assertEquals(p.key + " max", p.max == null ? "" : number(p.max), a.max());
			if (p.choices() != null) assertArrayEquals(p.key + " choices", p.choices(), a.choices());
		}
	}

	@Test
	public void macroKeysAndMacroDefaultsAreTheDefinitions() {
		assertArrayEquals(DragOptions.keys(), MenuEntry.DRAG_KEYS);
		final Map<String, Object> in = MenuEntry.dragInputs(new MacroOptions("", MenuEntry.DRAG_KEYS));
		for (final Parameter<?> p : DragOptions.ALL) {
			if (p == DragOptions.MODEL) assertNull(in.get(p.key));
			else assertEquals(p.key, p.defaultValue, in.get(p.key));
		}
	}

	@Test
	public void commandLineUsageNamesEachOptionWithItsDefault() {
		final String usage = new DragCommand().usage();
		for (final Parameter<?> p : DragOptions.ALL) {
			if (p.cliOption == null || p == DragOptions.MODEL || p == DragOptions.POINTS || p == DragOptions.MASK) continue;
			assertTrue(p.key + ": " + p.usage() + " not in " + usage, usage.contains(p.usage()));
		}
		assertEquals("drag --image inverts with the same default steps", DragOptions.INVERT_STEPS.defaultValue.intValue(), new InversionParameters().steps);
	}

	@Test
	public void toolAndCoreRequestUseTheDefinitions() {
		final DragGanTool.Options t = DragGanTool.Options.defaults();
		assertEquals(DragOptions.MODEL.defaultValue, t.model);
		assertEquals(DragOptions.N_STEPS.defaultValue.intValue(), t.steps);
		assertEquals(DragOptions.LR.defaultValue, t.lr, 0);
		assertEquals("lr 0: automatic", 0.0, DragOptions.LR.defaultValue, 0);
		assertEquals(DragOptions.LAMBDA_MASK.defaultValue, t.lambdaMask, 0);
		assertEquals(DragOptions.DEVICE.defaultValue, t.device);
		assertEquals(DragOptions.INVERT_STEPS.defaultValue.intValue(), t.invertSteps);
		final DragRequest q = new DragRequest();
		assertEquals(DragOptions.N_STEPS.defaultValue.intValue(), q.maxSteps);
		assertEquals(DragOptions.EVERY.defaultValue.intValue(), q.every);
		assertNull("lr automatic in the core request", q.parameters.learningRate);
		assertNull("lr automatic from the definitions", DragOptions.parameters(DragOptions.LR.defaultValue, 20, 0, 0, -1, "w+").learningRate);
		assertEquals("real pictures are tuned after the projection", DragOptions.RealPicture.PTI_STEPS, q.inversion.ptiSteps);
		assertEquals(DragOptions.LAMBDA_MASK.defaultValue, q.parameters.lambdaMask, 0);
		assertEquals(DragOptions.INVERT_STEPS.defaultValue.intValue(), q.inversion.steps);
	}

	@Test
	public void valuesOutsideTheRangeAreRefusedWithTheirName() {
		try {
			DragOptions.N_STEPS.check(-1);
			throw new AssertionError("accepted");
		}
		catch (final IllegalArgumentException e) {
			assertEquals("n_steps must be at least 0, got -1", e.getMessage());
		}
		try {
			DragOptions.parameters(-0.01, 20, 0, 0, -1, "w+");
			throw new AssertionError("accepted");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("lr must be at least 0"));
		}
	}

	private static String number(final double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
