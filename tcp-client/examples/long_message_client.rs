//! 练习 whole-message 的客户端一半的起点：文章的 TCP 客户端，只是消息长了，有 3000 字节，
//! 服务器（tcp-server 的 long_message_server 示例）把收到的原样发回来；这里只打印收到了多少字节。
//! 回复只 recv 一次、最多 1024 字节，所以收到的只是一部分。
//!
//! 要改成：发完整条消息后关闭自己发送的一方（shutdown），告诉服务器“发完了”；然后一直读到
//! read 返回 0 字节，打印一共收到的字节数。题目、提示和评判方法见 tcp-client/EXERCISES.md。
//!     cargo run -p tcp-server --example long_message_server      （第一个终端）
//!     cargo run -p tcp-client --example long_message_client      （第二个终端）

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream, ToSocketAddrs};
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
    // 练习：发完以后服务器不知道消息已经完整了。要关闭发送的一方，告诉它（见文件开头）。
    // 练习：recv(1024) 只读一次，最多 1024 字节。要改成一直读，直到 read 返回 0 字节。
    let mut response = [0; 1024];
    let size = client_socket
        .read(&mut response)
        .map_err(|e| format!("从 {server_address} 接收数据失败:{e}"))?;
    print(&format!("收到服务器回复:{size} 字节"))?;
    // close()：Rust 没有单独的 close，套接字被 drop 时自动关闭。
    drop(client_socket);
    Ok(())
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
