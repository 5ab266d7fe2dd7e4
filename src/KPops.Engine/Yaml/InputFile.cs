using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using KPops.Engine.Errors;

namespace KPops.Engine.Yaml;

/// <summary>
/// How every input file is read: only regular files (a named pipe would block the load forever, a device never
/// ends), no larger than a limit, decoded strictly (invalid UTF-8 is an error at its line, as KPOps refuses such
/// files instead of replacing bytes), and with every I/O or path failure reported as a <see cref="KPopsException"/>
/// that names the file.
/// </summary>
public static class InputFile
{
    /// <summary>Reads a text file: UTF-8, or UTF-16 with a byte order mark (what PyYAML reads).</summary>
    public static string ReadText(string path, long maxBytes = YamlLimits.DefaultMaxFileBytes)
    {
        RequireRegularFile(path);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes) throw TooLarge(path, maxBytes);
            bytes = ReadAtMost(stream, maxBytes, path);
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            throw Failure(e, path);
        }
        return Decode(bytes, path);
    }

    /// <summary>True when the path names something that is not a directory (File.Exists), false also for paths that cannot exist.</summary>
    public static bool Exists(string path) => File.Exists(path);

    /// <summary>
    /// Fails unless the path is a regular file (or a link to one): named pipes, sockets and devices are refused
    /// before they are opened, because opening a pipe blocks until another process writes to it.
    /// </summary>
    public static void RequireRegularFile(string path)
    {
        var kind = KindOf(path);
        if (kind is FileKind.Regular or FileKind.Unknown) return;
        if (kind == FileKind.Missing)
            throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"The file {Echo.Quote(path, 300)} does not exist.", At(path), "Check the path.");
        throw new KPopsException(ErrorIds.NotARegularFile, ErrorKind.InvalidArgument,
            $"{Echo.Quote(path, 300)} is {Describe(kind)}, not a regular file; it is not read.", At(path),
            "Input files must be regular files (a named pipe would block the load).");
    }

    /// <summary>A path made absolute against <paramref name="basePath"/>, or an error naming it when it cannot be a path (a NUL character, for one).</summary>
    public static string FullPath(string path, string basePath)
    {
        if (path.Contains('\0', StringComparison.Ordinal)) throw InvalidPath(path);
        try
        {
            return Path.GetFullPath(path, basePath);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or SecurityException)
        {
            throw InvalidPath(path, e);
        }
    }

    /// <summary>The error for a path that cannot be used.</summary>
    public static KPopsException InvalidPath(string path, Exception? inner = null) =>
        new(ErrorIds.InvalidPath, ErrorKind.InvalidArgument, $"{Echo.Quote(path, 300)} is not a usable path{(inner is null ? "" : ": " + Echo.Text(inner.Message, 200))}.",
            hint: "Paths must not contain NUL or other control characters.", inner: inner);

    /// <summary>True for the exceptions file system calls throw for a path or a file that cannot be used.</summary>
    public static bool IsIoFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException;

    /// <summary>The KPops error for an I/O failure on <paramref name="path"/>.</summary>
    public static KPopsException Failure(Exception e, string path) => e switch
    {
        KPopsException k => k,
        FileNotFoundException or DirectoryNotFoundException =>
            new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"{Echo.Quote(path, 300)} does not exist.", At(path), "Check the path.", e),
        UnauthorizedAccessException or SecurityException =>
            new KPopsException(ErrorIds.FileUnreadable, ErrorKind.InvalidOperation, $"{Echo.Quote(path, 300)} cannot be read: permission denied.", At(path),
                "Check the permissions of the file and its folders.", e),
        ArgumentException or NotSupportedException => InvalidPath(path, e),
        _ => new KPopsException(ErrorIds.FileUnreadable, ErrorKind.InvalidOperation, $"{Echo.Quote(path, 300)} cannot be read: {Echo.Text(e.Message, 200)}", At(path),
            "Check the path; a symbolic link loop or a file that is not a regular file are common causes.", e),
    };

    private static SourceLocation? At(string path) => path.Length is > 0 and <= 4096 && !path.Any(char.IsControl) ? new SourceLocation(path, 0, 0) : null;

    private static KPopsException TooLarge(string path, long maxBytes) =>
        new(ErrorIds.FileTooLarge, ErrorKind.InvalidData, $"{Echo.Quote(path, 300)} is larger than {maxBytes:N0} bytes.", At(path),
            "Split the file, or raise limits.max_file_size in config.yaml if it really is this large.");

    private static byte[] ReadAtMost(Stream stream, long maxBytes, string path)
    {
        // Length is not trusted: files such as those under /proc report 0 and still have content.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(path, maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Decodes file bytes strictly; an undecodable byte is an error at its line and column.</summary>
    public static string Decode(byte[] bytes, string path)
    {
        Encoding encoding;
        var offset = 0;
        if (bytes is [0xEF, 0xBB, 0xBF, ..]) (encoding, offset) = (new UTF8Encoding(false, true), 3);
        else if (bytes is [0xFF, 0xFE, ..]) (encoding, offset) = (new UnicodeEncoding(false, false, true), 2);
        else if (bytes is [0xFE, 0xFF, ..]) (encoding, offset) = (new UnicodeEncoding(true, false, true), 2);
        else encoding = new UTF8Encoding(false, true);
        try
        {
            return encoding.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException e)
        {
            var index = Math.Clamp(e.Index < 0 ? offset : offset + e.Index, offset, bytes.Length);
            // Where the bad byte is, counted on the text before it (decoded leniently).
            var before = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback)
                .GetString(bytes, offset, index - offset);
            var line = 1 + before.Count(c => c == '\n');
            var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
            var shown = e.BytesUnknown is { Length: > 0 } unknown ? string.Join(" ", unknown.Take(4).Select(b => $"0x{b:X2}")) : "a byte";
            throw new KPopsException(ErrorIds.InvalidEncoding, ErrorKind.InvalidData,
                $"The file is not valid {(encoding is UnicodeEncoding ? "UTF-16" : "UTF-8")}: {shown} cannot be decoded.", new SourceLocation(path, line, column),
                "Save the file as UTF-8; KPOps refuses files with invalid UTF-8 as well.", e);
        }
    }

    private enum FileKind
    {
        Regular,
        Directory,
        Pipe,
        Socket,
        Device,
        Missing,
        Unknown,
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Pipe => "a named pipe",
        FileKind.Socket => "a socket",
        FileKind.Device => "a device",
        _ => "not a regular file",
    };

    private static FileKind KindOf(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal)) throw InvalidPath(path);
        if (OperatingSystem.IsWindows())
        {
            // \\.\ is the device namespace (pipes, consoles, disks).
            if (path.StartsWith(@"\\.\", StringComparison.Ordinal)) return FileKind.Device;
            try
            {
                var attributes = File.GetAttributes(path);
                if ((attributes & FileAttributes.Directory) != 0) return FileKind.Directory;
                return (attributes & FileAttributes.Device) != 0 ? FileKind.Device : FileKind.Regular;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return FileKind.Missing;
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                throw Failure(e, path);
            }
        }
        return UnixFileKind(path);
    }

    // .NET has no managed API for the type of a file on Unix; the runtime's own native shim (which FileStream uses)
    // answers with a stable record whose second field is the mode.
    private static FileKind UnixFileKind(string path)
    {
        int result;
        NativeMethods.FileStatus status;
        try
        {
            result = NativeMethods.Stat(path, out status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return FileKind.Unknown;
        }
        if (result != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return File.Exists(path) || Directory.Exists(path) || error is not (2 or 20) ? FileKind.Unknown : FileKind.Missing;
        }
        return (status.Mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Pipe,
            0xC000 => FileKind.Socket,
            0x2000 or 0x6000 => FileKind.Device,
            _ => FileKind.Unknown,
        };
    }

    private static class NativeMethods
    {
        [StructLayout(LayoutKind.Sequential, Size = 512)]
        internal struct FileStatus
        {
            public int Flags;
            public int Mode;
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Stat(byte[] nulTerminatedUtf8Path, out FileStatus status);

        internal static int Stat(string path, out FileStatus status) => Stat(Encoding.UTF8.GetBytes(path + "\0"), out status);
    }
}
