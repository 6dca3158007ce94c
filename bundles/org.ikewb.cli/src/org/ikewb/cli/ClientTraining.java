package org.ikewb.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The workload bin/ikewb records into the {@link Client}'s ahead-of-time cache (JDK 25+): one
 * command through a stand-in server that answers as the real one does, and one with no server.
 * Only the JDK's base module and the client's own classes are loaded (a stand-in, not the
 * {@link Server}, which would put the policy language into the client's cache: every class in a
 * cache is loaded when the JVM starts). Not a command:
 * {@code java -XX:AOTCacheOutput=… -cp org.ikewb.cli.jar org.ikewb.cli.ClientTraining}.
 */
public final class ClientTraining {

	private ClientTraining() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Files.createTempDirectory("ikewb-client-training");
		Path socket = dir.resolve("socket");
		try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			listening.bind(UnixDomainSocketAddress.of(socket));
			Thread answering = new Thread(() -> answer(listening), "training-server");
			answering.setDaemon(true);
			answering.start();
			OutputStream none = OutputStream.nullOutputStream();
			Client.run(socket, dir, System.getenv(), "UTF-8", List.of("run", "--step"),
					new java.io.ByteArrayInputStream("c\n".getBytes(StandardCharsets.UTF_8)), none, none);
			answering.join(10_000);
			Client.run(dir.resolve("none"), dir, System.getenv(), "UTF-8", List.of("validate", "x.ikewb"),
					InputStream.nullInputStream(), none, none);
		} finally {
			Files.deleteIfExists(socket);
			Files.deleteIfExists(dir);
		}
	}

	/** What the server says to a command that prints, reads a line and ends. */
	private static void answer(ServerSocketChannel listening) {
		try (SocketChannel client = listening.accept()) {
			var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
			ServerProtocol.read(in);
			var out = new DataOutputStream(Channels.newOutputStream(client));
			byte[] line = "training\n".getBytes(StandardCharsets.UTF_8);
			ServerProtocol.frame(out, ServerProtocol.OUT, line, 0, line.length);
			ServerProtocol.frame(out, ServerProtocol.ERR, line, 0, line.length);
			ServerProtocol.frame(out, ServerProtocol.READ, new byte[] { 0, 0, 0, 64 }, 0, 4);
			out.flush();
			if (in.readByte() == ServerProtocol.DATA) {
				in.readNBytes(in.readInt());
			}
			ServerProtocol.frame(out, ServerProtocol.EXIT, new byte[4], 0, 4);
			out.flush();
		} catch (IOException e) {
			// the training records what ran
		}
	}
}
