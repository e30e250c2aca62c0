//! 练习 retry 的参考答案。先自己做 examples/retry.rs，再来对照。
//!
//! 和 udp-client 的不同：每次等回复最多 500 毫秒，没等到就把同一条消息再发一次，最多发 3 次；
//! 3 次都没等到，就报错退出（状态 1），不再一直等。网络没出问题时，打印的内容和 udp-client 一样。
//!     cargo run -p udp-server                                 （第一个终端）
//!     cargo run -p udp-client --example retry_solution        （第二个终端）

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::Duration;

/// 每次等回复最多等多久。
const TIMEOUT: Duration = Duration::from_millis(500);
/// 每条消息最多发几次（第一次加上重发）。
const TRIES: u32 = 3;

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
    // 从此每次 recv_from 最多等 TIMEOUT：到时还没有数据报，它返回一个错误，不再一直等。
    client_socket
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|e| format!("设置等待回复的时限失败:{e}"))?;
    // AF_INET 表示只用 IPv4。send_to 只用解析结果的第一个地址，而 localhost 在很多系统上
    // 先解析成 IPv6 的 ::1，所以先自己解析成 IPv4 地址（一般是 127.0.0.1），
    // 做法见下面的 ipv4_address。
    let server_address = ipv4_address("localhost", 9090)?;
    // sendto() 和 recvfrom(1024)：发一条消息，等一个数据报，拿到内容和发送方地址（就是服务器）；
    // 没等到就重发，见下面的 request。
    let message = "Hello, UDP Server!";
    let mut response = [0; 1024];
    let (size, server_address) = request(&client_socket, message, server_address, &mut response)?;
    print(&format!(
        "收到服务器 {} 的回复:{}",
        python_tuple(server_address),
        decode(&response[..size], server_address)?
    ))?;
    // 再发一条消息并接收回复，说明同一个套接字可以反复收发。
    let message = "This is another message";
    let (size, server_address) = request(&client_socket, message, server_address, &mut response)?;
    print(&format!(
        "收到服务器回复:{}",
        decode(&response[..size], server_address)?
    ))?;
    // 发 "exit" 通知服务器退出；服务器对它的回复不再接收，所以也不知道它丢没丢，不重发。
    client_socket
        .send_to("exit".as_bytes(), server_address)
        .map_err(|e| format!("向 {server_address} 发送数据失败:{e}"))?;
    // close()：Rust 没有单独的 close，套接字被 drop 时自动关闭。
    drop(client_socket);
    Ok(())
}

/// 发一条消息，等它的回复；TIMEOUT 内没等到就把同一条消息再发一次，最多发 TRIES 次。
/// 服务器每收到一个数据报都回复，所以重发过的消息可能得到两个回复（第一个只是来晚了）。
/// 回复里没有编号，分不出是哪一次的；这里收到第一个就算数。多出来的那个留在套接字里：
/// 或者被下一次 recv_from 当作下一条消息的回复（内容一样，打印的也一样），或者随套接字关闭丢掉。
fn request(
    socket: &UdpSocket,
    message: &str,
    server_address: SocketAddr,
    response: &mut [u8],
) -> Result<(usize, SocketAddr), String> {
    for _ in 0..TRIES {
        socket
            .send_to(message.as_bytes(), server_address)
            .map_err(|e| format!("向 {server_address} 发送数据失败:{e}"))?;
        match socket.recv_from(response) {
            Ok(received) => return Ok(received),
            // 到时没有回复：Unix 上报 WouldBlock（EAGAIN），Windows 上报 TimedOut。再发一次。
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {}
            Err(e) => return Err(receive_failed(server_address, e)),
        }
    }
    Err(format!(
        "等待 {server_address} 的回复失败:发了 {TRIES} 次,每次等 {} 毫秒,都没有回复{}",
        TIMEOUT.as_millis(),
        "\n提示:服务器还没运行吧?先在另一个终端运行 cargo run -p udp-server,再运行客户端"
    ))
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
