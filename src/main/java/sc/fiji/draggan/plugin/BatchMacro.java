package sc.fiji.draggan.plugin;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Label;
import java.awt.TextComponent;
import java.awt.Window;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImageJ;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.Macro_Runner;

/**
 * The main class behind {@code ./draggan imagej}: ImageJ 1.x, except that {@code -batch MACRO [ARG]}
 * fails loudly (docs/fiji-plugin.md#batch-runs-and-exit-codes). ImageJ's own {@code -batch} always
 * exits with status 0, and a macro error opens a modal dialog that nobody can close under a virtual
 * display, so the run hangs. Here the macro runs in batch mode with no dialogs from Drag GAN
 * (missing values are errors naming the key); the run exits with status 1 after a macro error, a
 * "Drag GAN error", an {@code IJ.error} or any modal dialog (reported on stderr the moment it opens),
 * else 0. Without {@code -batch} it starts ImageJ as usual.
 */
public final class BatchMacro {

	/** Set while a batch macro runs: Drag GAN opens no dialog. */
	static final String PROPERTY = "draggan.batch";

	private BatchMacro() {}

	public static void main(final String[] args) {
		String macro = null, arg = null; // -ijpath: the plugins come from -Dplugins.dir (the launcher sets both)
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("-ijpath") && i + 1 < args.length) i++;
			else if (args[i].equals("-batch") && i + 1 < args.length) {
				macro = args[++i];
				if (i + 1 < args.length) arg = args[++i];
			}
		}
		if (macro == null) {
			ImageJ.main(args);
			return;
		}
		System.exit(run(Paths.get(macro), arg == null ? "" : arg, System.err));
	}

	/** Runs a macro file in batch mode; returns the exit status (0 = success, 1 = an error, reported on {@code err}). */
	static int run(final Path file, final String arg, final PrintStream err) {
		final Path macro = file.toAbsolutePath();
		final String text;
		try {
			text = new String(Files.readAllBytes(macro), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			err.println("draggan imagej: cannot read the macro " + macro + " (" + sc.fiji.draggan.io.Messages.of(e) + ")");
			return 1;
		}
		System.setProperty(PROPERTY, "true");
		Macro_Runner.setFilePath(macro.toString()); // getInfo("macro.filepath")
		final int errorsBefore = MenuEntry.errorCount();
		final Interpreter interp = new Interpreter();
		final Thread watchdog = new Thread(() -> watchForDialogs(interp, err), "Drag GAN batch watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		boolean failed = false;
		try {
			interp.run(text, arg);
		}
		catch (final Throwable e) { // exit() ends a macro with MACRO_CANCELED: not an error
			if (!Macro.MACRO_CANCELED.equals(e.getMessage())) {
				err.println("macro error: " + sc.fiji.draggan.io.Messages.failure(e));
				failed = true;
			}
		}
		if (interp.getErrorMessage() != null) {
			err.println("macro error: " + interp.getErrorMessage());
			failed = true;
		}
		if (IJ.getErrorMessage() != null) {
			err.println("ImageJ error: " + IJ.getErrorMessage());
			failed = true;
		}
		if (MenuEntry.errorCount() > errorsBefore) {
			err.println("Drag GAN error: " + MenuEntry.lastError());
			failed = true;
		}
		return failed ? 1 : 0;
	}

	/** A modal dialog in a batch run waits for a click that never comes: report it and exit with status 1. */
	private static void watchForDialogs(final Interpreter interp, final PrintStream err) {
		while (true) {
			for (final Window w : Window.getWindows()) {
				if (w instanceof Dialog && ((Dialog) w).isModal() && w.isShowing()) {
					final String text = String.join(" ", texts(w));
					final String message = interp.getErrorMessage();
					err.println("draggan imagej: the batch macro opened the dialog '" + ((Dialog) w).getTitle() + "'" + (text.isEmpty() ? "" : ": " + text) +
						(message != null && !text.contains(message) ? " (" + message + ")" : ""));
					err.flush();
					final Thread halt = new Thread(() -> { // should the shutdown hang on the blocked event thread
						try {
							Thread.sleep(5000);
						}
						catch (final InterruptedException e) {
							// exiting anyway
						}
						Runtime.getRuntime().halt(1);
					});
					halt.setDaemon(true);
					halt.start();
					System.exit(1);
				}
			}
			try {
				Thread.sleep(100);
			}
			catch (final InterruptedException e) {
				return;
			}
		}
	}

	/** The visible texts of a dialog: labels, text fields, ImageJ's multi-line labels. */
	private static List<String> texts(final Container c) {
		final List<String> out = new ArrayList<>();
		for (final Component k : c.getComponents()) {
			if (k instanceof Label) out.add(((Label) k).getText());
			else if (k instanceof TextComponent) out.add(((TextComponent) k).getText());
			else if (k instanceof ij.gui.MultiLineLabel) out.add(multiLine((ij.gui.MultiLineLabel) k));
			if (k instanceof Container) out.addAll(texts((Container) k));
		}
		out.removeIf(s -> s == null || s.trim().isEmpty());
		for (int i = 0; i < out.size(); i++) out.set(i, out.get(i).replaceAll("\\s+", " ").trim());
		return out;
	}

	/** ImageJ's MultiLineLabel keeps its lines in a package-private field. */
	private static String multiLine(final ij.gui.MultiLineLabel label) {
		try {
			final java.lang.reflect.Field f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
			f.setAccessible(true);
			final String[] lines = (String[]) f.get(label);
			return lines == null ? "" : String.join(" ", lines);
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return "";
		}
	}
}
