# serveur.py - le serveur du cours : socket, bind, listen, accept, recv, sendall, close.
# Usage : python3 serveur.py [PORT]   (5005 par défaut)
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 5005

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', PORT))
s.listen(1)
conn, addr = s.accept()
print('Connecté par', addr)
data = conn.recv(2048)
print('Reçu', data)
conn.sendall(b"MessageVersClient")
conn.close()
s.close()
