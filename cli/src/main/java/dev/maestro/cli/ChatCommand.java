package dev.maestro.cli;

import dev.maestro.ChatRequest;
import dev.maestro.Maestro;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.MaestroException;
import dev.maestro.graph.Approval;
import dev.maestro.graph.RunResult;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code maestro chat}: a terminal REPL over the full graph. Tokens stream as they arrive; a compact line follows
 * each answer; Ctrl-C stops the current answer, not the session; a failing provider or database costs one line.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat in the terminal. End a line with \\ to continue it; /help lists the commands."})
final class ChatCommand implements Callable<Integer> {

    static final String HELP = """
            /new              start a new conversation
            /history          this conversation's turns
            /memory           what memory recalls for the conversation
            /sources          the sources cited by the last answer
            /good, /bad       rate the last answer (feeds adaptive retrieval)
            /approve          run the agent waiting for approval
            /reject           do not run it
            /edit TEXT        run it with TEXT instead
            /help             this list
            /quit             leave (Ctrl-D works too)""";

    @ParentCommand
    MaestroCommand root;

    @Option(names = "--conversation", paramLabel = "ID", description = "Continue this conversation (default: a new one).")
    String conversation;

    private String lastQuestion = "";
    /** The cache events of the last answer's reused parts, which /good and /bad also rate. */
    private java.util.List<java.util.Map<String, Object>> lastCacheHits = java.util.List.of();
    private RunResult last;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = root.context();
        AppConfig config = ctx.config();
        PrintStream out = ctx.out();
        String conversationId = conversation == null ? UUID.randomUUID().toString() : conversation;
        try (Maestro maestro = CliMaestro.open(config, ctx.err(), true);
             Terminal terminal = interactive(ctx) ? TerminalBuilder.builder().system(true).build() : null;
             ExecutorService turns = Executors.newSingleThreadExecutor(r -> {
                 Thread t = new Thread(r, "maestro-turn");
                 t.setDaemon(true);
                 return t;
             })) {
            LineSource lines = terminal == null ? LineSource.plain(ctx.in()) : LineSource.jline(LineReaderBuilder.builder()
                    .terminal(terminal)
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build());
            out.println("Maestro chat · conversation " + conversationId + " · /help for commands, /quit to leave");
            while (true) {
                String line;
                try {
                    line = readMultiLine(lines);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    break;
                }
                if (line == null) {
                    break;
                }
                String input = line.strip();
                if (input.isEmpty()) {
                    continue;
                }
                if (input.startsWith("/")) {
                    String next = command(input, conversationId, maestro, out, turns, terminal, config);
                    if (next == null) {
                        break;
                    }
                    conversationId = next;
                    continue;
                }
                try {
                    PromptInput.validate(input, config.maxPromptChars());
                } catch (MaestroException e) {
                    out.println("maestro: " + e.getMessage());
                    continue;
                }
                String id = conversationId;
                turn(out, turns, terminal, config, maestro, id,
                        printer -> maestro.run(ChatRequest.builder().conversationId(id).message(input).listener(printer).build()), input);
            }
        }
        return ExitCodes.OK;
    }

    /** Reads one entry; a line ending in a backslash continues on the next. Returns null at end of input. */
    private static String readMultiLine(LineSource reader) {
        StringBuilder text = new StringBuilder();
        String prompt = "you> ";
        while (true) {
            String line = reader.read(prompt);
            if (line == null) {
                return text.isEmpty() ? null : text.toString();
            }
            if (line.endsWith("\\")) {
                text.append(line, 0, line.length() - 1).append('\n');
                prompt = "...> ";
            } else {
                return text.append(line).toString();
            }
        }
    }

    private interface Turn {
        RunResult run(TurnPrinter printer);
    }

    /** Runs a turn on the worker thread so Ctrl-C can stop it while the REPL stays alive. */
    private void turn(PrintStream out, ExecutorService turns, Terminal terminal, AppConfig config, Maestro maestro, String conversationId,
                      Turn turn, String question) {
        TurnPrinter printer = new TurnPrinter(out, true);
        Future<RunResult> running = turns.submit(() -> turn.run(printer));
        Terminal.SignalHandler previous = terminal == null ? null : terminal.handle(Terminal.Signal.INT, signal -> {
            printer.cancel();
            running.cancel(true);
        });
        try {
            RunResult result = running.get();
            printer.finish(result);
            last = result;
            if (result.interrupted()) {
                out.println(waitingLine(result, maestro.pendingToolCall(conversationId)));
            } else {
                lastQuestion = question;
                String cost = config.prices().isEmpty() ? "" : printer.costSummary();
                String extras = printer.toolSummary() + printer.cascadeSummary();
                out.println(compactLine(config, result, printer.decidedBy(), extras + printer.cacheSummary(extras.isEmpty()), cost));
                lastCacheHits = printer.cacheHits();
            }
        } catch (CancellationException | InterruptedException e) {
            printer.endLine();
            out.println("[stopped]");
        } catch (ExecutionException e) {
            printer.endLine();
            out.println("maestro: " + message(e.getCause()));
        } finally {
            if (terminal != null) {
                terminal.handle(Terminal.Signal.INT, previous);
            }
        }
    }

    /** Handles a slash command; returns the conversation id to continue with, or null to quit. */
    private String command(String input, String conversationId, Maestro maestro, PrintStream out,
                           ExecutorService turns, Terminal terminal, AppConfig config) {
        String[] parts = input.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case "/quit", "/exit" -> {
                return null;
            }
            case "/help" -> out.println(HELP);
            case "/new" -> {
                lastQuestion = "";
                last = null;
                lastCacheHits = java.util.List.of();
                String id = UUID.randomUUID().toString();
                out.println("New conversation " + id);
                return id;
            }
            case "/history" -> {
                var messages = maestro.memory().history(conversationId);
                if (messages.isEmpty()) {
                    out.println("(no turns yet in this conversation)");
                }
                for (var m : messages) {
                    out.println(("user".equals(m.role()) ? "you> " : "maestro> ") + m.content());
                }
            }
            case "/memory" -> {
                String question = lastQuestion.isEmpty() ? "what do you remember about me?" : lastQuestion;
                var context = maestro.memory().context(conversationId, question);
                out.println("memory for this turn: " + context.totalTokens() + " of " + context.budget() + " tokens (recalled "
                        + context.recalledTokens() + ", summary " + context.summaryTokens() + ", recent turns " + context.windowTokens() + ")");
                String text = maestro.memory().recall(conversationId, question);
                out.println(text.isEmpty() ? "(nothing remembered yet)" : text);
            }
            case "/sources" -> {
                if (last == null || last.sources().isEmpty()) {
                    out.println("(the last answer cited no sources)");
                } else {
                    last.sources().forEach(out::println);
                }
            }
            case "/good", "/bad" -> {
                if (last == null || last.interrupted()) {
                    out.println("(nothing to rate yet)");
                } else {
                    try {
                        boolean up = parts[0].equals("/good");
                        out.println(maestro.feedback(lastQuestion, last, up));
                        for (java.util.Map<String, Object> hit : lastCacheHits) {
                            if (hit.get("entry") instanceof Number entry && hit.get("similarity") instanceof Number similarity) {
                                maestro.cacheFeedback(entry.longValue(), similarity.doubleValue(), up);
                                out.println("Recorded as evidence for cached answer #" + entry + (up ? " (right)." : " (wrong): the cache reuses it less."));
                            }
                        }
                    } catch (MaestroException e) {
                        out.println("maestro: " + e.getMessage());
                    }
                }
            }
            case "/approve", "/reject", "/edit" -> {
                Approval approval = switch (parts[0]) {
                    case "/approve" -> Approval.approve();
                    case "/reject" -> Approval.reject();
                    default -> arg.isEmpty() ? null : Approval.edit(arg);
                };
                if (approval == null) {
                    out.println("maestro: /edit needs the text to run instead, e.g. /edit list the files only");
                } else if (maestro.pendingApproval(conversationId).isEmpty()) {
                    out.println("(nothing is waiting for approval)");
                } else {
                    turn(out, turns, terminal, config, maestro, conversationId,
                            printer -> maestro.resume(conversationId, approval, printer), "(approval)");
                }
            }
            default -> out.println("maestro: unknown command " + parts[0] + "; /help lists the commands");
        }
        return conversationId;
    }

    /** What the paused turn waits on: a tool call (with its arguments, so the operator sees what would run) or a supervised agent. */
    static String waitingLine(RunResult result, java.util.Optional<dev.maestro.graph.PendingToolCall> call) {
        if (call.isPresent()) {
            dev.maestro.graph.PendingToolCall c = call.get();
            return "[waiting for approval: " + c.agent() + " wants to call " + c.tool() + " (" + c.risk() + ") with "
                    + c.arguments() + " — /approve or /reject]";
        }
        return "[waiting for approval: the " + result.pendingAgent() + " agent is supervised — /approve, /reject or /edit TEXT]";
    }

    /** @param decidedBy the route event's decided_by; a route not from the embedding router says who chose it */
    static String compactLine(AppConfig config, RunResult r, String decidedBy) {
        return compactLine(config, r, decidedBy, "", "");
    }

    /**
     * @param tools the turn's tool calls as {@link TurnPrinter#toolSummary()} gives them, or empty
     * @param cost  the turn's cost as {@link TurnPrinter#costSummary()} gives it, or empty (no price table)
     */
    static String compactLine(AppConfig config, RunResult r, String decidedBy, String tools, String cost) {
        StringBuilder line = new StringBuilder("[");
        if (!r.route().isEmpty()) {
            line.append("route ").append(r.route());
            if (!decidedBy.isEmpty() && !decidedBy.equals("embedding")) {
                line.append(" (").append(decidedBy).append(')');
            }
            line.append(" · ");
        }
        line.append("agents ").append(String.join(", ", r.agents()))
                .append(" · ").append(config.provider().displayName()).append(' ').append(r.model())
                .append(" · tokens ").append(r.inputTokens()).append('/').append(r.outputTokens())
                .append(cost.isEmpty() ? "" : " · " + cost)
                .append(" · ").append(r.latencyMs()).append(" ms");
        if (!r.sources().isEmpty()) {
            line.append(" · ").append(r.sources().size()).append(" sources via ").append(r.retrieval()).append(" (/sources)");
        }
        if (!tools.isEmpty()) {
            line.append(" · ").append(tools);
        }
        return line.append(']').toString();
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** A person at a terminal gets line editing, history and Ctrl-C; piped input is read plainly, without echo. */
    private static boolean interactive(CliContext ctx) {
        java.io.Console console = System.console();
        if (ctx.in() != System.in || console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a console even for redirected streams; isTerminal() tells (absent on 21, where null did).
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static Path historyFile() {
        return Path.of(System.getProperty("user.home"), ".maestro_history");
    }
}
