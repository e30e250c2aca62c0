//! 练习 retry 的起点：现在和 udp-client 一模一样。数据报或回复丢了，它就一直等下去。
//!
//! 要改成：每次最多等 500 毫秒的回复（set_read_timeout）；没等到就把同一条消息再发一次，
//! 每条消息最多发 3 次；3 次都没等到回复，就在 stderr 上说清楚等的是哪个服务器地址，以状态 1 退出。
//! 网络没出问题时，打印的内容要和 udp-client 一样。最后的 exit 照旧只发一次，不等回复。
//! 题目、提示和评判方法见 udp-client/EXERCISES.md。运行：
//!     cargo run -p udp-server                          （第一个终端）
//!     cargo run -p udp-client --example retry          （第二个终端）

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Python 遇到错误会抛异常、打印一大段 traceback、以状态 1 退出。
    // 这里每一步出错都返回一句说明：打印到 stderr，同样以状态 1 退出。
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(io::stderr(), "udp-client: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    // socket(AF_INET, SOCK_DGRAM)：Python 的套接字在第一次 sendto 时才悄悄绑定一个随机端口；
    // std 没有“未绑定”的 UdpSocket，所以这里明确绑定 0.0.0.0 的 0 号端口，让系统挑一个。
    let client_socket =
        UdpSocket::bind("0.0.0.0:0").map_err(|e| format!("绑定 0.0.0.0:0 失败:{e}"))?;
    // AF_INET 表示只用 IPv4。send_to 只用解析结果的第一个地址，而 localhost 在很多系统上
    // 先解析成 IPv6 的 ::1，所以先自己解析成 IPv4 地址（一般是 127.0.0.1），
    // 做法见下面的 ipv4_address。
    let server_address = ipv4_address("localhost", 9090)?;
    let message = "Hello, UDP Server!";
    client_socket
        .send_to(message.as_bytes(), server_address)
        .map_err(|e| format!("向 {server_address} 发送数据失败:{e}"))?;
    // 练习：这里的 recv_from 没有时限，回复不来就一直等。两条消息都要改（见文件开头）。
    // recvfrom(1024)：等一个数据报，拿到内容和发送方地址（就是服务器）。
    let mut response = [0; 1024];
    let (size, server_address) = client_socket
        .recv_from(&mut response)
        .map_err(|e| receive_failed(server_address, e))?;
    print(&format!(
        "收到服务器 {} 的回复:{}",
        python_tuple(server_address),
        decode(&response[..size], server_address)?
    ))?;
    // 再发一条消息并接收回复，说明同一个套接字可以反复收发。
    let message = "This is another message";
    client_socket
        .send_to(message.as_bytes(), server_address)
        .map_err(|e| format!("向 {server_address} 发送数据失败:{e}"))?;
    let (size, server_address) = client_socket
        .recv_from(&mut response)
        .map_err(|e| receive_failed(server_address, e))?;
    print(&format!(
        "收到服务器回复:{}",
        decode(&response[..size], server_address)?
    ))?;
    // 发 "exit" 通知服务器退出；服务器对它的回复不再接收。
    client_socket
        .send_to("exit".as_bytes(), server_address)
        .map_err(|e| format!("向 {server_address} 发送数据失败:{e}"))?;
    // close()：Rust 没有单独的 close，套接字被 drop 时自动关闭。
    drop(client_socket);
    Ok(())
}

/// 等回复失败时的说明。在 Windows 上，服务器没运行会让这一步报 "connection reset"（10054），
/// 提示只给这个错误；别的错误只说系统给的原因。
fn receive_failed(server_address: SocketAddr, e: io::Error) -> String {
    let hint = if e.kind() == io::ErrorKind::ConnectionReset {
        "\n提示:服务器还没运行吧?先在另一个终端运行 cargo run -p udp-server,再运行客户端"
    } else {
        ""
    };
    format!("等待 {server_address} 的回复失败:{e}{hint}")
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

/// Python 的 .decode()：字节必须是合法的 UTF-8，否则出错。
fn decode(bytes: &[u8], peer: SocketAddr) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        format!("解码来自 {peer} 的数据失败:从第 {valid} 个字节起不是合法的 UTF-8")
    })
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

/// 照 Python 打印元组的样子显示地址，例如 ('127.0.0.1', 9090)。
fn python_tuple(address: SocketAddr) -> String {
    format!("('{}', {})", address.ip(), address.port())
}
