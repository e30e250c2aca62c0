//! 练习 whole-message 的客户端一半的参考答案。先自己做 examples/long_message_client.rs，
//! 再来对照。
//!
//! 和起点的不同：发完整条消息后，shutdown(Shutdown::Write) 关闭自己发送的一方，服务器读到
//! 0 字节就知道消息完整了；然后一直读到 read 返回 0 字节（服务器发完、关闭了连接），
//! 打印一共收到的字节数。
//!     cargo run -p tcp-server --example long_message_server_solution      （第一个终端）
//!     cargo run -p tcp-client --example long_message_client_solution      （第二个终端）

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Python 遇到错误会抛异常、打印一大段 traceback、以状态 1 退出。
    // 这里每一步出错都返回一句说明：打印到 stderr，同样以状态 1 退出。
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(io::stderr(), "tcp-client: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    // AF_INET 表示只用 IPv4。std 没有这个参数，而 localhost 在很多系统上先解析成 IPv6 的 ::1，
    // 所以先自己解析成 IPv4 地址（一般是 127.0.0.1），做法见下面的 ipv4_address。
    let server_address = ipv4_address("localhost", 8080)?;
    // socket() + connect()：std 把这两步合成一个 TcpStream::connect。
    let mut client_socket = TcpStream::connect(server_address).map_err(|e| {
        // 提示只给它能解释的错误：连接被拒绝，多半是服务器没运行。别的错误只说系统给的原因。
        let hint = if e.kind() == io::ErrorKind::ConnectionRefused {
            "\n提示:服务器还没运行吧?先在另一个终端运行 cargo run -p tcp-server,再运行客户端"
        } else {
            ""
        };
        format!("连接 {server_address} 失败:{e}{hint}")
    })?;
    // 3000 字节的消息："Hello, Server! " 有 15 个字节，重复 200 次。
    let message = "Hello, Server! ".repeat(200);
    // send()：write_all 保证每个字节都发出去，不会只发一部分。
    client_socket
        .write_all(message.as_bytes())
        .map_err(|e| format!("向 {server_address} 发送数据失败:{e}"))?;
    // shutdown(SHUT_WR)：关闭发送的一方，服务器接着会读到 0 字节，知道消息发完了。
    // 接收的一方还开着，下面照样能收回复。
    client_socket
        .shutdown(Shutdown::Write)
        .map_err(|e| format!("关闭发往 {server_address} 的一方失败:{e}"))?;
    // TCP 是字节流，不分“条”：回复可能分好几次到达。一直读，直到服务器发完、关闭连接。
    let response = receive_all(&mut client_socket, server_address)?;
    print(&format!("收到服务器回复:{} 字节", response.len()))?;
    // close()：Rust 没有单独的 close，套接字被 drop 时自动关闭。
    drop(client_socket);
    Ok(())
}

/// 一直 recv(1024)，把读到的接在一起，直到读到 0 字节：对方关闭了它发送的一方，不会再有数据。
/// （std 的 read_to_end 做的也是这件事。）
fn receive_all(socket: &mut TcpStream, peer: SocketAddr) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    let mut buffer = [0; 1024];
    loop {
        let size = socket
            .read(&mut buffer)
            .map_err(|e| format!("从 {peer} 接收数据失败:{e}"))?;
        if size == 0 {
            return Ok(data);
        }
        data.extend_from_slice(&buffer[..size]);
    }
}

/// 把主机名解析成一个 IPv4 地址。对系统自带的那几种 hosts 文件，结果和 Python 按 AF_INET
/// 查询的一样；少数特别的配置下会不同，见 scripts/differences.md。
fn ipv4_address(host: &str, port: u16) -> Result<SocketAddr, String> {
    let mut addresses = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("解析 {host}:{port} 失败:{e}"))?;
    // std 查询时不分地址族。只要 IPv4 时，C 库会把 hosts 文件里的 ::1 当作 127.0.0.1，
    // 把 ::ffff:a.b.c.d 当作 a.b.c.d；这里照样换算，取第一个能换成 IPv4 的地址。
    let ip = addresses
        .find_map(|address| match address.ip() {
            IpAddr::V4(ip) => Some(ip),
            IpAddr::V6(ip) if ip.is_loopback() => Some(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) => ip.to_ipv4_mapped(),
        })
        .ok_or_else(|| format!("解析 {host}:{port} 失败:没有 IPv4 地址"))?;
    Ok(SocketAddr::from((ip, port)))
}

/// Python 的 print()：写一行到标准输出。
/// 不用 println!，因为它在输出管道被关掉时会 panic；这里改为返回错误。
/// 整行连同换行一次写出，和 Python 一样只有一次 write；writeln! 遇到长过 1024 字节的行，
/// 会把换行另写一次。
fn print(line: &str) -> Result<(), String> {
    let line = format!("{line}\n");
    io::stdout()
        .write_all(line.as_bytes())
        .map_err(|e| format!("写标准输出失败:{e}"))
}
