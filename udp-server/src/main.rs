//! UDP 服务器：文章中 udp_server.py 的 Rust 版本，只用标准库。
//!
//! 它在 localhost 的 9090 端口收数据报，每收到一个就回一句话；收到 "exit" 时回完这一句就退出。
//! 先启动服务器，再启动客户端：
//!     cargo run -p udp-server      （第一个终端）
//!     cargo run -p udp-client      （第二个终端）

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Python 遇到错误会抛异常、打印一大段 traceback、以状态 1 退出。
    // 这里每一步出错都返回一句说明：打印到 stderr，同样以状态 1 退出。
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(io::stderr(), "udp-server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    // AF_INET 表示只用 IPv4。std 没有这个参数，而 localhost 在很多系统上先解析成 IPv6 的 ::1，
    // 所以先自己解析成 IPv4 地址（一般是 127.0.0.1），做法见下面的 ipv4_address。
    let address = ipv4_address("localhost", 9090)?;
    // socket() + bind()：std 把这两步合成一个 UdpSocket::bind。UDP 没有 listen 和 accept。
    let server_socket = UdpSocket::bind(address).map_err(|e| {
        // 提示只给它能解释的错误：端口已被占用。别的错误只说系统给的原因。
        let hint = if e.kind() == io::ErrorKind::AddrInUse {
            "\n提示:端口被别的程序占用,比如另一个 UDP 服务器还在运行"
        } else {
            ""
        };
        format!("绑定 {address} 失败:{e}{hint}")
    })?;
    print("UDP 服务器启动,等待客户端消息...")?;
    loop {
        // recvfrom(1024)：等一个数据报，拿到内容和发送方地址。超过 1024 字节的部分，
        // 在 Linux 上被丢掉，在 Windows 上则是一个错误（10040），和 Python 一样。
        let mut data = [0; 1024];
        let (size, client_address) = server_socket
            .recv_from(&mut data)
            .map_err(|e| format!("在 {address} 上接收数据失败:{e}"))?;
        // Python 在 print 和下面的 if 里各调用一次 decode()；结果一样，这里解码一次就够了。
        let data = decode(&data[..size], client_address)?;
        print(&format!(
            "收到客户端 {} 的消息:{data}",
            python_tuple(client_address)
        ))?;
        // sendto()：UDP 没有连接，每次发送都要写明对方地址。一个数据报要么整个发出，要么出错。
        let response = "服务器已收到你的 UDP 消息";
        server_socket
            .send_to(response.as_bytes(), client_address)
            .map_err(|e| format!("向 {client_address} 发送数据失败:{e}"))?;
        // 收到 "exit" 也先回复，然后才跳出循环。
        if data == "exit" {
            break;
        }
    }
    // close()：Rust 没有单独的 close，套接字被 drop 时自动关闭。
    drop(server_socket);
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

/// 照 Python 打印元组的样子显示地址，例如 ('127.0.0.1', 54321)。
fn python_tuple(address: SocketAddr) -> String {
    format!("('{}', {})", address.ip(), address.port())
}
