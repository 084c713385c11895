/*
 * Throwaway Neo4j Community server (embedded DBMS + Bolt) for development and tests.
 *
 * Run in source-file mode, no compile step (neo4j/start.sh does this for you):
 *
 *   java -cp 'neo4j/lib/*' neo4j/Launcher.java HOME PORT
 *
 * HOME is a scratch directory that holds the store and the logs (HOME/logs);
 * PORT is the Bolt port, bound on 127.0.0.1 only. Auth is off and so is HTTP.
 * Once the default database is available it prints exactly one line to stdout,
 *
 *   READY bolt://127.0.0.1:PORT
 *
 * and then blocks until SIGTERM/SIGINT, when a shutdown hook stops the DBMS
 * cleanly. Anything else Neo4j would print to stdout goes to HOME/logs/stdout.log.
 */

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;

public class Launcher {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -cp 'neo4j/lib/*' neo4j/Launcher.java HOME PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Path logs = home.resolve("logs");
        Files.createDirectories(logs);

        // Keep stdout for the READY line only; whatever else writes to System.out goes to a file.
        PrintStream ready = System.out;
        System.setOut(new PrintStream(new FileOutputStream(logs.resolve("stdout.log").toFile(), true), true));

        SocketAddress bolt = new SocketAddress(HOST, port);
        Map<Setting<?>, Object> config = new HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, bolt);
        config.put(BoltConnector.advertised_address, bolt);
        config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        config.put(HttpConnector.enabled, false);
        config.put(HttpsConnector.enabled, false);
        config.put(GraphDatabaseSettings.auth_enabled, false);
        config.put(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256));
        config.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        config.put(GraphDatabaseSettings.udc_enabled, false); // dbms.usage_report.enabled
        config.put(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(120));
        config.put(GraphDatabaseSettings.logs_directory, logs);
        // Internal settings (pinned Neo4j version): the Bolt server's netty event loops otherwise
        // idle for a 5 s quiet period on shutdown, which makes every stop take ~10 s.
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));

        AtomicReference<DatabaseManagementService> service = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DatabaseManagementService dbms = service.getAndSet(null);
            if (dbms != null) {
                System.err.println("Launcher: shutting down Neo4j");
                try {
                    dbms.shutdown();
                } catch (Throwable t) {
                    t.printStackTrace();
                }
            }
            stopped.countDown();
        }, "neo4j-shutdown"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home).setConfig(config).build();
        service.set(dbms);

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!db.isAvailable(1000)) {
            if (System.nanoTime() > deadline) {
                System.err.println("Launcher: default database not available after " + START_TIMEOUT);
                System.exit(1);
            }
        }
        while (!boltAnswers(port)) {
            if (System.nanoTime() > deadline) {
                System.err.println("Launcher: nothing listening on " + HOST + ":" + port);
                System.exit(1);
            }
            Thread.sleep(100);
        }

        ready.println("READY bolt://" + HOST + ":" + port);
        ready.flush();
        stopped.await();
    }

    private static boolean boltAnswers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
